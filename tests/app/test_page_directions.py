"""The Directions page: opens on a working preset; every kind of direction, both sources of
items, and the errors in the page (unknown words, empty sets, a formula that does not parse)."""

from __future__ import annotations

import numpy as np
import pytest
from apptest_helpers import array, assert_ok, chart, new_app, one_text, open_page, said

from core import directions
from core.models.registry import DEFAULT_MODEL, load_model


@pytest.fixture
def at():
    return open_page(new_app(), "directions")


def strip_scores(at) -> dict[str, float]:
    trace = chart(at, "dir_strip")["data"][0]
    texts = [t.replace("&amp;", "&") for t in at.session_state["dir_items"].splitlines()]
    return dict(zip([t.strip() for t in texts if t.strip()], array(trace["x"]), strict=True))


def test_it_opens_on_gender_pairs_over_occupations_with_the_numbers_of_core(at):
    assert not at.error
    assert "carries" in one_text(at.caption) and "of their variance" in one_text(at.caption)
    scores = strip_scores(at)
    assert len(scores) == 20
    model = load_model(DEFAULT_MODEL)
    first = ["he", "man", "king", "boy", "his", "father", "son", "brother"]
    second = ["she", "woman", "queen", "girl", "her", "mother", "daughter", "sister"]
    d = directions.from_pairs(model.encode(first), model.encode(second))
    expected = directions.along(model.encode(["nurse", "engineer"]), d)
    np.testing.assert_allclose([scores["nurse"], scores["engineer"]], expected, atol=1e-5)
    assert scores["nurse"] < scores["engineer"]  # nurse leans to she, engineer to he
    assert len(at.table) == 2  # both ends listed, each only with items on its side of 0
    she, he = (t.value for t in at.table)
    assert all(float(c) < 0 for c in she["cosine"]) and all(float(c) > 0 for c in he["cosine"])
    ranked = sorted(scores, key=scores.get)
    assert list(she["item"]) == [t for t in ranked if scores[t] < 0][:10]
    assert list(he["item"]) == [t for t in ranked[::-1] if scores[t] > 0][:10]


def test_two_words_sets_and_a_formula_each_make_a_direction(at):
    at.segmented_control(key="dir_kind").set_value("two").run()
    assert_ok(at)
    assert not at.error and chart(at, "dir_strip")
    at.segmented_control(key="dir_kind").set_value("sets").run()
    assert not at.error and chart(at, "dir_strip")
    at.segmented_control(key="dir_kind").set_value("formula").run()
    assert not at.error and chart(at, "dir_strip")
    at.text_input(key="dir_formula").input("king - ) man").run()
    assert_ok(at)
    assert "expected a word" in said(at.error)
    assert at.text_input(key="dir_formula").value == "king - ) man"  # kept as typed


def test_bad_pairs_and_empty_sets_are_said_in_the_page(at):
    at.text_area(key="dir_pairs").input("he, she\nman woman").run()
    assert_ok(at)
    assert "Line 2 of the pairs is not two items joined by a comma" in said(at.error)
    at.segmented_control(key="dir_kind").set_value("sets").run()
    at.text_area(key="dir_set_a").input("").run()
    assert "Both sets need at least one item" in said(at.error)


def test_with_glove_unknown_items_are_named_and_left_out(at):
    at.selectbox(key="frame_model").set_value("glove-6B-50d").run()
    at.text_area(key="dir_items").input("nurse\nengineer\nqqzzx\nflurbish").run()
    assert_ok(at)
    assert "2 item(s) not in glove-6B-50d, left out" in said(at.info)
    assert len(array(chart(at, "dir_strip")["data"][0]["x"])) == 2
    at.segmented_control(key="dir_kind").set_value("two").run()
    at.text_input(key="dir_a").input("qqzzx").run()
    assert "qqzzx" in said(at.error)


def test_the_current_dataset_can_be_measured(at):
    at.segmented_control(key="dir_items_from").set_value("dataset").run()
    assert_ok(at)
    trace = chart(at, "dir_strip")["data"][0]
    assert len(array(trace["x"])) == 88


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_weat_opens_on_flowers_and_insects_and_matches_core_on_glove(at):
    at.selectbox(key="frame_model").set_value("glove-6B-50d").run()
    assert_ok(at)
    from components.directions.weat import PRESET
    from core.directions.weat import weat_words

    expected = weat_words(load_model("glove-6B-50d"), *(v.split() for v in PRESET.values()))
    shown = metrics(at)
    assert shown["Effect size d"] == f"{expected.effect_size:.2f}" and expected.effect_size > 1
    assert shown["Test statistic S"] == f"{expected.statistic:.3f}"
    assert shown["One-sided p"] == "4.0e-05"  # 4 of 100,000 sampled splits beat it
    assert "Not in the model, left out of X: gladiola" in said(at.info)
    assert "Left out of Y to keep X and Y the same size: weevil." in said(at.info)
    null = chart(at, "weat_null")
    assert len(array(null["data"][0]["x"])) == 100_000
    assert null["layout"]["shapes"][0]["x0"] == pytest.approx(expected.statistic)


def test_weat_with_own_sets_says_what_is_wrong_in_the_page(at):
    at.text_area(key="weat_x").input("rose tulip").run()
    assert_ok(at)
    assert "X" in said(at.error) and not [c for c in at.get("plotly_chart") if c.key == "weat_null"]
    assert at.text_area(key="weat_x").value == "rose tulip"  # what was typed stays


def test_removing_the_direction_tests_again_beside_the_first_result(at):
    at.selectbox(key="frame_model").set_value("glove-6B-50d").run()
    at.toggle(key="weat_debias").set_value(True).run()
    assert_ok(at)
    from components.directions.weat import PRESET
    from core.directions.weat import weat, weat_words

    glove = load_model("glove-6B-50d")
    before = weat_words(glove, *(v.split() for v in PRESET.values()))
    pairs = [ln.split(", ") for ln in at.session_state["dir_pairs"].splitlines()]
    d = directions.from_pairs(
        glove.encode([a for a, _ in pairs]), glove.encode([b for _, b in pairs])
    )
    after = weat(*(directions.remove(glove.encode(before.words[k]), d) for k in "XYAB"))
    shown = metrics(at)
    assert shown["Effect size d before"] == f"{before.effect_size:.2f}"
    assert shown["Effect size d with the direction removed"] == f"{after.effect_size:.2f}"
    assert after.effect_size != before.effect_size  # the vectors really changed


def test_a_second_direction_places_the_items_on_two_axes(at):
    at.toggle(key="dir_second").set_value(True).run()
    assert_ok(at)
    assert at.text_input(key="dir_y_formula").value == "rich - poor"
    trace = chart(at, "dir_axes")["data"][0]
    scores = strip_scores(at)
    np.testing.assert_allclose(array(trace["x"]), list(scores.values()), atol=1e-6)
    model = load_model(DEFAULT_MODEL)
    rich, poor = model.encode(["rich", "poor"]).astype(np.float64)
    d = (rich - poor) / np.linalg.norm(rich - poor)
    items = model.encode(list(scores)).astype(np.float64)
    expected = items @ d / np.linalg.norm(items, axis=1)  # each item's cosine with rich − poor
    np.testing.assert_allclose(array(trace["y"]), expected, atol=1e-5)
    assert "two directions' own cosine" in said(at.caption)
    at.text_input(key="dir_y_formula").input("rich - ").run()
    assert_ok(at)
    assert at.error and chart(at, "dir_strip")  # the strip stays; the formula's problem is said


def test_the_professions_preset_measures_bolukbasis_list(at):
    at.selectbox(key="frame_model").set_value("glove-6B-50d").run()
    at.button(key="dir_items_preset_1").click().run()
    assert_ok(at)
    assert len(at.text_area(key="dir_items").value.splitlines()) == 320
    assert "29 item(s) not in glove-6B-50d, left out" in said(at.info)  # the multiword ones
    assert "“cab driver”" in said(at.info)
    scores = array(chart(at, "dir_strip")["data"][0]["x"])
    assert len(scores) == 291
    at.button(key="dir_items_preset_0").click().run()
    assert len(array(chart(at, "dir_strip")["data"][0]["x"])) == 20
