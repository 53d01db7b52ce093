"""“Remove a direction” on the Analogy and Map pages: the answers before and after side by side,
the Directions page's own direction offered to them, and a map (and its export) of the cleaned
vectors."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from apptest_helpers import (
    assert_ok,
    file_id,
    map_coords,
    new_app,
    one_text,
    open_page,
    recorded_downloads,
    said,
)

from core import directions
from core.analogy.answer import analogy
from core.directions.debias import debiased
from core.models.registry import DEFAULT_MODEL, GLOVE, load_model
from core.project.projection import project

PAIRS = [("he", "she"), ("man", "woman"), ("king", "queen"), ("boy", "girl"), ("his", "her"),
         ("father", "mother"), ("son", "daughter"), ("brother", "sister")]  # fmt: skip


def gender(model) -> directions.Direction:
    first, second = zip(*PAIRS, strict=True)
    return directions.from_pairs(model.encode(first), model.encode(second))


def frames(at) -> dict[str, list]:
    """The comparison's two tables, by their first column's title."""
    out = {}
    for frame in at.dataframe:
        title = frame.value.columns[0]
        if title in ("As learned", "Direction removed"):
            out[title] = list(frame.value[title])
    return out


def test_analogy_before_and_after_removing_the_gender_direction():
    at = open_page(new_app(), "analogy")
    at.button(key="analogy_preset_doctor").click().run()
    assert not frames(at)  # off by default: one answer
    at.toggle(key="analogy_debias").set_value(True).run()
    assert_ok(at)
    assert at.selectbox(key="analogy_debias_from").value == "gender"
    shown = frames(at)
    glove = load_model(GLOVE)
    cleaned = debiased(glove, gender(glove), "gender")
    expected = analogy(cleaned, ["doctor", "woman"], ["man"]).results
    assert shown["As learned"][0] == "nurse"
    assert shown["Direction removed"] == [w for w, _ in expected]
    assert shown["Direction removed"][0] == "physician"
    assert "The answer changes from **nurse** to **physician**." in said(at.caption)
    at.toggle(key="analogy_debias").set_value(False).run()
    assert not frames(at)


def test_the_directions_page_direction_is_offered_to_the_analogy_page():
    at = new_app()
    at.session_state["frame_model"] = GLOVE
    open_page(at, "directions")
    at.segmented_control(key="dir_kind").set_value("two").run()
    at.text_input(key="dir_a").input("rich").run()
    at.text_input(key="dir_b").input("poor").run()
    assert_ok(at)
    open_page(at, "analogy")
    at.toggle(key="analogy_debias").set_value(True).run()
    assert_ok(at)
    box = at.selectbox(key="analogy_debias_from")
    assert box.value == "shared" and "poor → rich" in box.format_func("shared")
    assert "removing the poor → rich direction" in said(at.markdown)
    box.set_value("gender").run()
    assert "removing the gender" in said(at.markdown)


def test_the_map_draws_the_vectors_with_the_direction_removed_and_exports_that_map():
    at = new_app()
    at.session_state["map_method"] = "pca"
    open_page(at, "map")
    before = map_coords(at).copy()
    at.toggle(key="map_debias").set_value(True).run()
    assert_ok(at)
    assert "Removed the gender" in said(at.caption) and "now 0.000" in one_text(at.caption)
    minilm = load_model(DEFAULT_MODEL)
    items = list(dict.fromkeys(_ninety_words()))
    raw = minilm.encode(items).astype(np.float64)
    d = gender(minilm).vector
    expected = project((raw - np.outer(raw @ d, d)).astype(np.float32), method="pca")
    np.testing.assert_allclose(map_coords(at), expected, atol=1e-4)
    assert not np.allclose(before, map_coords(at), atol=1e-3)
    open_page(at, "data")
    with recorded_downloads() as stored:
        at.toggle(key="data_prepare").set_value(True).run()
    button = next(b for b in at.download_button if b.key == "data_dl_map")
    assert "gender" in button.label and "direction removed" in button.label
    xy = pd.read_csv(io.BytesIO(stored[file_id(button)][0]))
    np.testing.assert_allclose(xy[["x", "y"]].to_numpy(), expected, atol=1e-4)


def _ninety_words() -> list[str]:
    from core.io.datasets import load_dataset

    return load_dataset("ninety-words").texts
