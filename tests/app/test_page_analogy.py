"""The Analogy page: king − man + woman by default, presets, exclusion, 3CosMul, bad input."""

from __future__ import annotations

import pytest
from apptest_helpers import array, assert_ok, chart, new_app, one_text, open_page, values


@pytest.fixture
def at():
    return open_page(new_app(), "analogy")


def answer(at) -> str:
    heads = [m for m in values(at.markdown) if m.startswith("### ")]
    assert len(heads) == 1, heads
    return heads[0]


def bars(at) -> list[str]:
    return list(array(chart(at, "analogy_bars")["data"][0]["y"]))


def inputs(at) -> tuple[str, str, str]:
    return tuple(at.text_input(key=k).value for k in ("analogy_a", "analogy_b", "analogy_c"))


def test_default_is_king_minus_man_plus_woman_with_exclusion(at):
    assert inputs(at) == ("man", "king", "woman")
    assert at.toggle(key="analogy_exclude").value is True
    assert answer(at) == "### king − man + woman ≈ **queen**"
    assert bars(at)[:5] == ["queen", "throne", "prince", "daughter", "elizabeth"]
    assert len(bars(at)) == 10
    assert "among 400,000 candidate words" in one_text(at.caption)
    ranks = at.dataframe[0].value
    assert dict(zip(ranks["input word"], ranks["rank without exclusion"], strict=True))["king"] == 1
    assert "the answer would be **king** itself (rank 1, score 0.8854)" in one_text(at.warning)


def test_without_exclusion_king_comes_first(at):
    at.toggle(key="analogy_exclude").set_value(False).run()
    assert_ok(at)
    assert answer(at) == "### king − man + woman ≈ **king**"
    assert bars(at)[:2] == ["king", "queen"]
    assert "Nothing is removed" in one_text(at.info)
    assert not at.warning


def test_paris_preset_gives_rome(at):
    at.button(key="analogy_preset_paris").click().run()
    assert_ok(at)
    assert inputs(at) == ("france", "paris", "italy")
    assert answer(at) == "### paris − france + italy ≈ **rome**"


def test_doctor_preset_shows_the_bias(at):
    at.button(key="analogy_preset_doctor").click().run()
    assert_ok(at)
    assert inputs(at) == ("man", "doctor", "woman")
    assert answer(at) == "### doctor − man + woman ≈ **nurse**"
    assert {"nurse", "mother", "pregnant"} <= set(bars(at))


def test_3cosmul(at):
    at.selectbox(key="analogy_method").set_value("3cosmul").run()
    assert_ok(at)
    assert answer(at) == "### king − man + woman ≈ **queen**"
    assert "3CosMul score" in one_text(at.caption)


def test_fewer_answers(at):
    at.number_input(key="analogy_topn").set_value(3).run()
    assert_ok(at)
    assert bars(at) == ["queen", "throne", "prince"]


def test_an_unknown_word_is_named_and_the_inputs_are_kept(at):
    at.text_input(key="analogy_c").input("Womann").run()
    assert_ok(at)
    msg = one_text(at.error)
    assert "not in the glove-6B-50d vocabulary" in msg and "'womann'" in msg
    assert inputs(at) == ("man", "king", "Womann")
    assert not at.get("plotly_chart")


def test_three_unknown_words_are_all_named(at):
    for key, word in (("analogy_a", "qqa"), ("analogy_b", "qqb"), ("analogy_c", "qqc")):
        at.text_input(key=key).input(word)
    at.run()
    assert_ok(at)
    assert "3 words are not in the glove-6B-50d vocabulary: 'qqb', 'qqc', 'qqa'" in one_text(
        at.error
    )
    assert inputs(at) == ("qqa", "qqb", "qqc")


def test_the_same_word_three_times(at):
    for key in ("analogy_a", "analogy_b", "analogy_c"):
        at.text_input(key=key).input("king")
    at.run()
    assert_ok(at)
    assert "All the words are 'king': the arithmetic cancels out" in one_text(at.error)
    assert inputs(at) == ("king", "king", "king")


def test_an_empty_word(at):
    at.text_input(key="analogy_b").input("   ").run()
    assert_ok(at)
    assert "Fill in all three words" in one_text(at.error)
    assert inputs(at) == ("man", "   ", "woman")


def test_inputs_survive_a_page_switch(at):
    at.text_input(key="analogy_c").input("girl").run()
    open_page(at, "start")
    open_page(at, "analogy")
    assert inputs(at) == ("man", "king", "girl")
    assert "≈" in answer(at)


@pytest.mark.slow
def test_sentence_model_ranks_common_glove_words(at):
    # The first time, the page encodes the 20,000 candidate words once (35-80 s here: single
    # words encode fast); they are then cached on disk ($EMBEDDING_EXPLORER_CACHE).
    at.selectbox(key="analogy_model").set_value("all-MiniLM-L6-v2").run(timeout=600)
    assert_ok(at)
    assert not at.error
    assert "among 20,000 candidate words" in one_text(at.caption)
    assert answer(at) == "### king − man + woman ≈ **queen**"
    # a typo still gets an answer from the sentence model (it encodes word pieces): said so
    at.text_input(key="analogy_a").input("asdfqwer").run(timeout=600)
    assert_ok(at)
    assert "Not an English word GloVe knows: “asdfqwer”" in one_text(at.info)
