"""The int8 model chosen in the sidebar: the Similarity page draws its numbers with it."""

from __future__ import annotations

import numpy as np
from apptest_helpers import array, assert_ok, chart, new_app, open_page, values

from core.models.registry import INT8_MODEL


def test_similarity_page_under_the_int8_model():
    at = open_page(new_app(), "similarity")
    assert INT8_MODEL in at.selectbox(key="frame_model").options
    float_z = array(chart(at, "sim_heatmap")["data"][0]["z"])
    at.selectbox(key="frame_model").set_value(INT8_MODEL).run()
    assert_ok(at)
    assert at.selectbox(key="frame_model").value == INT8_MODEL
    z = array(chart(at, "sim_heatmap")["data"][0]["z"])
    assert z.shape == (60, 60)
    np.testing.assert_allclose(np.diag(z), 1.0, atol=1e-5)
    # Rows are ordered by similarity, per model: compare the values, whatever their places.
    got, want = np.sort(z, axis=None), np.sort(float_z, axis=None)
    assert not np.allclose(got, want, atol=1e-4)  # other vectors than the float model's…
    assert np.abs(got - want).max() < 0.05  # … close to them
    assert values(at.subheader) == ["Most similar pairs", "Least similar pairs"]
    most = [tuple(r) for r in at.dataframe[0].value.itertuples(index=False)]
    assert most[0][:2] == ("soccer", "football") and 0.5 < most[0][2] <= 1
