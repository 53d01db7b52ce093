"""The Similarity, Search and Context pages on their default examples, and their bad inputs."""

from __future__ import annotations

import numpy as np
import pytest
from apptest_helpers import array, assert_ok, chart, new_app, one_text, open_page, said, values


@pytest.fixture
def at():
    return new_app()


# --- Similarity -------------------------------------------------------------------------------


def pairs(at, i: int) -> list[tuple[str, str, float]]:
    df = at.dataframe[i].value
    return [tuple(r) for r in df.itertuples(index=False)]


def test_similarity_heatmap_and_pairs(at):
    open_page(at, "similarity")
    heat = chart(at, "sim_heatmap")["data"][0]
    assert heat["type"] == "heatmap"
    z = array(heat["z"])
    assert z.shape == (60, 60)  # the first 60 of the 88 words
    np.testing.assert_allclose(np.diag(z), 1.0, atol=1e-5)
    assert "Showing the first 60 of 88 items." in one_text(at.caption)
    assert values(at.subheader) == ["Most similar pairs", "Least similar pairs"]
    most, least = pairs(at, 0), pairs(at, 1)
    assert len(most) == len(least) == 5
    assert most[0][:2] == ("soccer", "football")
    assert [p[2] for p in most] == sorted((p[2] for p in most), reverse=True)
    assert most[-1][2] > least[0][2]
    assert list(at.dataframe[0].value.columns) == ["item", "and", "cosine"]


def test_similarity_metric_switch_to_distances(at):
    open_page(at, "similarity")
    at.selectbox(key="sim_metric").set_value("euclidean").run()
    assert_ok(at)
    most, least = pairs(at, 0), pairs(at, 1)
    assert list(at.dataframe[0].value.columns) == ["item", "and", "euclidean"]
    assert most[0][:2] == ("soccer", "football")
    assert [p[2] for p in most] == sorted(p[2] for p in most)  # nearest = smallest distance
    assert most[-1][2] < least[0][2]
    z = array(chart(at, "sim_heatmap")["data"][0]["z"])
    np.testing.assert_allclose(np.diag(z), 0.0, atol=1e-6)
    at.selectbox(key="sim_metric").set_value("dot").run()
    assert_ok(at)
    assert list(at.dataframe[0].value.columns) == ["item", "and", "dot"]


def test_similarity_fewer_items(at):
    open_page(at, "similarity")
    at.slider(key="sim_count").set_value(10).run()
    assert_ok(at)
    assert array(chart(at, "sim_heatmap")["data"][0]["z"]).shape == (10, 10)
    assert "Showing the first 10 of 88 items." in one_text(at.caption)


# --- Search -----------------------------------------------------------------------------------


def ranked(at) -> list[str]:
    return list(array(chart(at, "search_bars")["data"][0]["y"]))


def test_search_ranks_the_documents_by_meaning(at):
    open_page(at, "search")
    assert at.text_input(key="search_query").value == "How do computers learn from data?"
    docs = ranked(at)
    assert len(docs) == 7
    # all-MiniLM-L6-v2 puts NLP ("helps computers understand text") just above the machine
    # learning definition; the point of the page is that the learning documents win.
    assert "Machine learning is a subset of artificial intelligence" in docs[:2]
    assert docs[0] == "Natural language processing helps computers understand text"
    assert docs.index("Python is the most popular programming language for ML") > 1
    score = array(chart(at, "search_bars")["data"][0]["x"]).astype(float)
    assert list(score) == sorted(score, reverse=True)
    assert "The best match shares 1 word(s) with the query: computers." in one_text(at.caption)
    assert (
        "“Machine learning is a subset of artificial intelligence”, ranked #2, shares none: "
        "only its meaning brought it up." in one_text(at.caption)
    )


def test_search_with_own_query_and_documents(at):
    open_page(at, "search")
    at.text_input(key="search_query").input("a pet that purrs").run()
    at.text_area(key="search_docs").input(
        "The stock market fell\nMy cat sleeps on the sofa\nRain tomorrow"
    ).run()
    assert_ok(at)
    assert ranked(at)[0] == "My cat sleeps on the sofa"
    assert "shares 0 word(s)" in one_text(at.caption)


def test_search_with_an_empty_query_keeps_the_documents(at):
    open_page(at, "search")
    at.text_input(key="search_query").input("  ").run()
    assert_ok(at)
    assert "Type a query" in one_text(at.error)
    assert at.text_input(key="search_query").value == "  "
    assert "Machine learning is a subset" in at.text_area(key="search_docs").value


def test_search_under_glove_uses_the_sentence_model(at):
    open_page(at, "search")
    at.selectbox(key="frame_model").set_value("glove-6B-50d").run()
    assert_ok(at)
    assert "cannot read sentences; search uses the sentence model all-MiniLM-L6-v2" in one_text(
        at.info
    )
    assert len(ranked(at)) == 7


# --- Context ----------------------------------------------------------------------------------


def test_context_bank_sentences_draw_two_charts(at):
    open_page(at, "context")
    scatter = chart(at, "context_scatter")
    assert [t["name"] for t in scatter["data"]] == ["river", "money", "static"]
    assert [len(array(t["x"])) for t in scatter["data"]] == [4, 4, 1]
    heat = array(chart(at, "context_heatmap")["data"][0]["z"])
    assert heat.shape == (8, 8)
    # same-sense sentences are more alike than cross-sense ones
    assert heat[:4, :4].mean() > heat[:4, 4:].mean()


def test_context_word_missing_from_the_sentences(at):
    open_page(at, "context")
    at.text_input(key="context_word").input("tree").run()
    assert_ok(at)
    assert "8 sentence(s) do not contain 'tree'" in said(at.error)
    assert at.text_input(key="context_word").value == "tree"
    assert not at.get("plotly_chart")


def test_context_anchor_missing_from_glove(at):
    open_page(at, "context")
    at.text_input(key="context_anchor1").input("qqqzzz").run()
    assert_ok(at)
    error = one_text(at.error)
    assert "GloVe has no vector for 'qqqzzz'" in error
    assert "sentence model" not in error  # no such choice on this page
    assert at.text_input(key="context_anchor1").value == "qqqzzz"


def test_search_can_rank_by_csls_which_discounts_documents_close_to_everything(at):
    open_page(at, "search")
    at.segmented_control(key="search_rank").set_value("csls").run()
    assert_ok(at)
    from core.io.datasets import load_dataset
    from core.models.registry import DEFAULT_MODEL, load_model

    seed, model = load_dataset("search-documents"), load_model(DEFAULT_MODEL)
    docs = model.encode(seed.texts).astype(np.float64)
    q = model.encode([seed.query])[0].astype(np.float64)
    docs /= np.linalg.norm(docs, axis=1, keepdims=True)
    q /= np.linalg.norm(q)
    cos = docs @ docs.T - np.eye(len(docs)) * 10
    r = np.sort(cos, axis=1)[:, -6:].mean(axis=1)  # K = 6: every other document of the 7
    qcos = docs @ q
    csls = 2 * qcos - np.sort(qcos)[-6:].mean() - r
    assert ranked(at) == [seed.texts[i] for i in np.argsort(-csls, kind="stable")]
    np.testing.assert_allclose(
        array(chart(at, "search_bars")["data"][0]["x"]).astype(float),
        np.sort(csls)[::-1],
        atol=1e-5,
    )
    assert "CSLS discounts documents that are close to every document" in one_text(at.caption)
