"""The Start page, and the sidebar every page shares: dataset and model, kept across pages."""

from __future__ import annotations

import pytest
from apptest_helpers import array, assert_ok, chart, map_view, new_app, one_text, open_page, said

from core.io.datasets import load_dataset
from core.models.registry import DEFAULT_MODEL, GLOVE

OTHER = "Other sentence-transformers model…"


@pytest.fixture
def at():
    at = new_app()
    at.run()
    assert_ok(at)
    return at


def sidebar(at) -> tuple[str, str]:
    return at.selectbox(key="frame_dataset").value, at.selectbox(key="frame_model").value


def test_start_page_shows_cat_kitten_dog(at):
    assert at.title[0].value == "Start here"
    shown = {m.label: float(m.value) for m in at.metric}
    assert shown == {"cat ↔ kitten": 0.788, "cat ↔ dog": 0.661, "dog ↔ kitten": 0.521}
    assert shown["cat ↔ kitten"] > shown["cat ↔ dog"]
    heat = chart(at, "start_heatmap")["data"][0]
    assert heat["type"] == "heatmap"
    assert array(heat["z"]).shape == (4, 4)
    assert list(heat["x"]) == [
        "The cat sits on the mat",
        "A feline rests on the carpet",
        "Dogs are playing in the park",
        "Python is a programming language",
    ]


def test_the_map_link_counts_the_built_in_set_as_the_sidebar_has_it(at):
    n = len(load_dataset("ninety-words").texts)
    assert n == 88  # the seed's 90 entries, "swimmer" and "surfer" kept once
    map_link = [e.proto.label for e in at.get("page_link") if "**Map**" in e.proto.label]
    assert map_link == [f"**Map**: the {n}-word demo, clustered. Click one to see its neighbours."]


def test_defaults_in_the_sidebar(at):
    assert sidebar(at) == ("ninety-words", DEFAULT_MODEL)
    assert OTHER in at.selectbox(key="frame_model").options


def test_royalty_set_switches_to_glove_and_both_persist_across_pages(at):
    open_page(at, "similarity")
    at.selectbox(key="frame_dataset").set_value("royalty-gender").run()
    assert_ok(at)
    assert sidebar(at) == ("royalty-gender", GLOVE)
    for page in ("start", "analogy", "search", "context", "data", "map", "similarity"):
        open_page(at, page)
        assert sidebar(at) == ("royalty-gender", GLOVE), page
        assert at.session_state["frame_dataset"] == "royalty-gender"
        assert at.session_state["frame_model"] == GLOVE
    labels = set(chart(at, "sim_heatmap")["data"][0]["x"])
    assert {"king", "queen", "man", "woman"} <= labels
    # and back: a sentence set brings the sentence model back
    at.selectbox(key="frame_dataset").set_value("ninety-words").run()
    assert sidebar(at) == ("ninety-words", DEFAULT_MODEL)


def test_a_model_picked_by_hand_persists(at):
    open_page(at, "data")
    at.selectbox(key="frame_model").set_value(GLOVE).run()
    assert_ok(at)
    open_page(at, "start")
    open_page(at, "data")
    assert sidebar(at) == ("ninety-words", GLOVE)
    assert "model glove-6B-50d" in one_text(at.markdown)


def test_sentences_under_glove_name_the_missing_words(at):
    open_page(at, "similarity")
    at.selectbox(key="frame_dataset").set_value("cat-sentences").run()
    at.selectbox(key="frame_model").set_value(GLOVE).run()
    assert_ok(at)
    msg = said(at.error)
    assert "4 words are not in the glove-6B-50d vocabulary" in msg
    assert "'The cat sits on the mat'" in msg and "'Python is a programming language'" in msg
    assert "use the sentence model" in msg
    assert sidebar(at) == ("cat-sentences", GLOVE)
    open_page(at, "map")
    assert "not in the glove-6B-50d vocabulary" in said(at.error)


def test_a_model_that_cannot_load_is_named_and_glove_pages_still_work(at):
    open_page(at, "map")
    at.selectbox(key="frame_model").set_value(OTHER).run()
    assert_ok(at)
    assert "Enter a model name in the sidebar" in said(at.error)
    at.text_input(key="frame_model_other").input("no-such/model").run()
    assert_ok(at)
    msg = said(at.error)
    assert "Cannot load the model 'no-such/model'" in msg and "offline" in msg
    assert not at.get("plotly_chart")
    assert at.text_input(key="frame_model_other").value == "no-such/model"
    # the same session, another page over GloVe
    open_page(at, "analogy")
    assert not at.error
    assert "≈ **queen**" in one_text(at.markdown)
    assert at.text_input(key="frame_model_other").value == "no-such/model"
    open_page(at, "map")
    assert "Cannot load the model 'no-such/model'" in said(at.error)


def test_query_parameters_open_a_view():
    at = new_app()
    at.query_params["dataset"] = "royalty-gender"
    at.query_params["method"] = "pca"
    at.switch_page("pages/map.py").run()
    assert_ok(at)
    assert sidebar(at) == ("royalty-gender", GLOVE)
    assert at.segmented_control(key="map_method").value == "pca"
    assert len(map_view(at)["legend"]["entries"]) == 4  # the four groups


def test_a_model_folder_outside_the_allowed_folders_is_refused_alike(at, tmp_path, monkeypatch):
    monkeypatch.delenv("EMBEDDING_EXPLORER_SERVER_DIRS", raising=False)
    open_page(at, "map")
    at.selectbox(key="frame_model").set_value(OTHER).run()
    said_for = {}
    for typed in (str(tmp_path), str(tmp_path / "missing"), "/etc", "~/.ssh"):
        at.text_input(key="frame_model_other").input(typed).run()
        assert_ok(at)
        said_for[typed] = said(at.error)
        assert at.text_input(key="frame_model_other").value == typed  # kept as typed
    assert len(set(said_for.values())) == 1  # one message: existence is not told
    assert "Opening files on the server is off" in said_for["/etc"]
    monkeypatch.setenv("EMBEDDING_EXPLORER_SERVER_DIRS", str(tmp_path))
    at.text_input(key="frame_model_other").input("/etc").run()
    assert "This path cannot be opened here" in said(at.error)
