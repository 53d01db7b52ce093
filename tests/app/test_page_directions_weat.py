"""The Directions page's WEAT test picker: a standard test fills the four sets and names them,
the page's d is core's, the published figures stand beside ours, and the user's own edits are
never overwritten (on a rerun, or by a page switch)."""

from __future__ import annotations

import pytest
from apptest_helpers import assert_ok, new_app, one_text, open_page, said

from core.directions.weat import weat_words
from core.directions.weat_lists import STANDARD
from core.models.registry import load_model

KEYS = ("weat_x", "weat_y", "weat_a", "weat_b")


@pytest.fixture
def at():
    at = open_page(new_app(), "directions")
    at.selectbox(key="frame_model").set_value("glove-6B-50d").run()
    assert_ok(at)
    return at


def boxes(at) -> list[str]:
    return [at.text_area(key=k).value for k in KEYS]


def labels(at) -> list[str]:
    return [at.text_area(key=k).label for k in KEYS]


def shown_d(at) -> str:
    return {m.label: m.value for m in at.metric}["Effect size d"]


def core_d(key: str) -> float:
    return weat_words(load_model("glove-6B-50d"), *STANDARD[key].sets).effect_size


def choose(at, key: str):
    at.selectbox(key="weat_test").set_value(key).run()
    assert_ok(at)
    assert not at.error
    return at


def test_it_opens_on_weat_1_with_the_published_lists_and_figures(at):
    assert at.selectbox(key="weat_test").value == "weat1"
    assert boxes(at) == [" ".join(words) for words in STANDARD["weat1"].sets]
    assert labels(at) == [
        "Targets X: Flowers", "Targets Y: Insects", "Attributes A: Pleasant",
        "Attributes B: Unpleasant",
    ]  # fmt: skip
    assert shown_d(at) == f"{core_d('weat1'):.2f}"
    captions = said(at.caption)
    assert "d = 1.50, p ≈ 10⁻⁷" in captions and f"d = {core_d('weat1'):.2f}" in captions
    assert (
        "840 billion tokens" in captions
        and "GloVe 6B (6 billion tokens, 50 dimensions)" in captions
    )
    assert "gladiola" in one_text(at.info)  # the one published word GloVe 6B lacks


@pytest.mark.parametrize(("first", "second"), [("weat6", "weat9"), ("weat3", "weat7")])
def test_choosing_standard_tests_fills_the_sets_and_the_page_d_is_core_s(at, first, second):
    for key in (first, second):
        test = choose(at, key)
        assert boxes(test) == [" ".join(words) for words in STANDARD[key].sets]
        assert labels(test)[0] == f"Targets X: {STANDARD[key].names[0]}"
        assert shown_d(test) == f"{core_d(key):.2f}"
        assert f"d = {STANDARD[key].published_d:.2f}" in one_text(test.caption)


def test_your_own_sets_keep_the_words_and_drop_the_published_figures(at):
    choose(at, "weat6")
    before = boxes(at)
    choose(at, "own")
    assert boxes(at) == before  # a starting point to edit, not a blank page
    assert labels(at) == ["Targets X", "Targets Y", "Attributes A", "Attributes B"]
    assert "Published" not in one_text(at.caption)
    at.text_area(key="weat_a").input("office salary business career manager boss").run()
    assert_ok(at)
    expected = weat_words(load_model("glove-6B-50d"), *(b.split() for b in boxes(at)))
    assert shown_d(at) == f"{expected.effect_size:.2f}" != f"{core_d('weat6'):.2f}"


def test_editing_a_standard_test_makes_it_your_own_and_reruns_keep_the_edit(at):
    choose(at, "weat7")
    at.text_area(key="weat_x").input("math algebra geometry calculus equations").run()
    assert_ok(at)
    assert at.selectbox(key="weat_test").value == "own"
    assert labels(at)[0] == "Targets X"
    at.toggle(key="weat_debias").set_value(True).run()  # any rerun
    assert_ok(at)
    assert boxes(at)[0] == "math algebra geometry calculus equations"
    assert boxes(at)[1:] == [" ".join(words) for words in STANDARD["weat7"].sets[1:]]


def test_the_chosen_test_is_still_named_after_another_page(at):
    choose(at, "weat9")
    open_page(at, "data")
    open_page(at, "directions")
    assert at.selectbox(key="weat_test").value == "weat9"
    assert boxes(at) == [" ".join(words) for words in STANDARD["weat9"].sets]
    at.text_area(key="weat_b").input("stable always constant persistent chronic").run()
    open_page(at, "data")
    open_page(at, "directions")
    assert at.selectbox(key="weat_test").value == "own"
    assert boxes(at)[3] == "stable always constant persistent chronic"


@pytest.mark.parametrize("key", ["weat7", "weat3"])
def test_a_link_naming_a_test_shows_that_tests_words_and_figures(key):
    """`/directions?test=weat7` once showed WEAT 1's words and figures under WEAT 7's names."""
    at = new_app()
    at.query_params["test"] = key
    at.query_params["model"] = "glove-6B-50d"
    open_page(at, "directions")
    at.selectbox(key="frame_model").set_value("glove-6B-50d").run()
    assert_ok(at)
    assert at.selectbox(key="weat_test").value == key
    assert boxes(at) == [" ".join(words) for words in STANDARD[key].sets]
    assert labels(at)[0].endswith(STANDARD[key].names[0])
    by_hand = choose(open_page(new_app(), "directions"), "weat1")  # the same, chosen by hand
    by_hand.selectbox(key="frame_model").set_value("glove-6B-50d").run()
    choose(by_hand, key)
    assert shown_d(at) == shown_d(by_hand) == f"{core_d(key):.2f}"
