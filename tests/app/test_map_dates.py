"""A date column colours the Map as time: one ramp from the first date to the last, its ends read
as dates (not 47 one-item categories)."""

from __future__ import annotations

import pandas as pd
from apptest_helpers import assert_ok, map_blob, map_view, new_app, open_page

from core.io.datasets import load_dataset


def test_colour_by_a_date_column_is_a_ramp_over_time():
    at = open_page(new_app(), "map")
    at.selectbox(key="frame_dataset").set_value("support-tickets").run()
    at.selectbox(key="map_colour").set_value("created_at").run()
    assert_ok(at)
    legend = map_view(at)["legend"]
    data = load_dataset("support-tickets")
    dates = pd.to_datetime(data.columns["created_at"])  # every row drawn, with its own date
    assert len(dates) == 400
    assert legend["kind"] == "numeric"
    assert legend["range_labels"] == [f"{dates.min():%Y-%m-%d}", f"{dates.max():%Y-%m-%d}"]
    _, (codes,), _ = map_blob(at, "map_colours")
    order = dates.argsort(kind="stable")
    assert list(codes[order]) == sorted(codes)  # later dates, later colours on the ramp
