"""The Analogy page: king − man + woman by default, presets, exclusion, 3CosMul, bad input."""

from __future__ import annotations

import logging
import threading

import pytest
from apptest_helpers import array, assert_ok, chart, new_app, one_text, open_page, said, values

from components import resources, warm
from core.analogy import candidates as analogy_candidates
from core.models.registry import DEFAULT_MODEL


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


def test_3cosmul_says_what_it_computes(at):
    at.selectbox(key="analogy_method").set_value("3cosmul").run()
    assert_ok(at)
    # 3CosMul multiplies and divides similarities: "king − man + woman" would misdescribe it
    assert answer(at) == (
        "### cos(x, king) · cos(x, woman) / cos(x, man) is highest at x = **queen**"
    )
    assert "3CosMul score: each cos shifted to [0, 1] as (1 + cos) / 2" in one_text(at.caption)
    for key, word in (("analogy_a", "good"), ("analogy_b", "better"), ("analogy_c", "bad")):
        at.text_input(key=key).input(word)
    at.run()  # "bad" itself ranks first without the exclusion: the warning names 3CosMul
    warning = one_text(at.warning)
    assert "the 3CosMul score barely moves away from" in warning and "b − a + c" not in warning


def picture(at) -> dict[str, list[str]]:
    """The analogy picture's points: role → words."""
    return {t["name"]: list(t["text"]) for t in chart(at, "analogy_picture")["data"]}


def test_the_picture_and_its_caption_show_four_words(at):
    assert picture(at) == {"a": ["man"], "b": ["king"], "c": ["woman"], "answer": ["queen"]}
    assert "The four words flattened to 2D (PCA)" in one_text(at.caption)


def test_without_exclusion_the_caption_counts_the_three_words_shown(at):
    at.toggle(key="analogy_exclude").set_value(False).run()
    assert_ok(at)
    assert picture(at) == {"a": ["man"], "b": ["king"], "c": ["woman"]}  # the answer is king
    caption = one_text(at.caption)
    assert "The four words" not in caption
    assert (
        "The three different words flattened to 2D (PCA): the answer “king” is one of the input "
        "words, so the picture has three points, not four, and one arrow, a → b."
    ) in caption


def test_a_repeated_input_keeps_the_answer_labelled_as_the_answer(at):
    at.text_input(key="analogy_c").input("man").run()
    assert_ok(at)
    shown = picture(at)
    assert list(shown) == ["a", "b", "answer"]
    assert shown["answer"] == [answer(at).split("**")[1]]
    assert "an input word is given twice, so the picture has three points" in one_text(at.caption)


def test_fewer_answers(at):
    at.number_input(key="analogy_topn").set_value(3).run()
    assert_ok(at)
    assert bars(at) == ["queen", "throne", "prince"]


def test_an_unknown_word_is_named_and_the_inputs_are_kept(at):
    at.text_input(key="analogy_c").input("Womann").run()
    assert_ok(at)
    msg = said(at.error)
    assert "not in the glove-6B-50d vocabulary" in msg and "'womann'" in msg
    assert inputs(at) == ("man", "king", "Womann")
    assert not at.get("plotly_chart")


def test_three_unknown_words_are_all_named(at):
    for key, word in (("analogy_a", "qqa"), ("analogy_b", "qqb"), ("analogy_c", "qqc")):
        at.text_input(key=key).input(word)
    at.run()
    assert_ok(at)
    assert "3 words are not in the glove-6B-50d vocabulary: 'qqb', 'qqc', 'qqa'" in said(at.error)
    assert inputs(at) == ("qqa", "qqb", "qqc")


def test_the_same_word_three_times(at):
    for key in ("analogy_a", "analogy_b", "analogy_c"):
        at.text_input(key=key).input("king")
    at.run()
    assert_ok(at)
    assert "All the words are 'king': the arithmetic cancels out" in said(at.error)
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


def test_the_app_starts_the_sentence_model_warm_up_once_with_the_shared_model(monkeypatch, caplog):
    started = []
    monkeypatch.setattr(
        analogy_candidates, "warm_up_in_background", lambda *, after: started.append(after)
    )
    warm.start_warm_ups.clear()  # as in a new server process
    try:
        at = new_app()
        at.run()
        assert_ok(at)
        open_page(at, "analogy")
        assert len(started) == 1  # once per process, not per run
        # `after` runs in the warm-up's own thread: no page there, so no spinner and no
        # "missing ScriptRunContext" warning; it gives the model every page shares
        got = []
        with caplog.at_level(logging.WARNING):
            thread = threading.Thread(target=lambda: got.append(started[0]()), name="warm-test")
            thread.start()
            thread.join(timeout=120)
        assert got and got[0] is resources.model(DEFAULT_MODEL)
        assert not [r for r in caplog.records if r.threadName == "warm-test"]
    finally:
        warm.start_warm_ups.clear()


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
