"""The Geometry page: hubs, anisotropy, agreement and benchmarks on the built-in 88 words, each
number checked by an independent route (sklearn's neighbours, scipy's skew, gensim's benchmark
evaluation), and the sidebar's post-processing reaching the other pages."""

from __future__ import annotations

import numpy as np
import pytest
from apptest_helpers import assert_ok, chart, explore_typed, new_app, open_page, said
from gensim.models import KeyedVectors
from gensim.test.utils import datapath
from scipy.stats import skew
from sklearn.neighbors import NearestNeighbors

from core.io.datasets import load_dataset
from core.models.registry import DEFAULT_MODEL, GLOVE, load_model


@pytest.fixture
def at():
    return open_page(new_app(), "geometry")


def words() -> list[str]:
    return list(dict.fromkeys(load_dataset("ninety-words").texts))


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def frame_with(at, column: str):
    found = [f.value for f in at.dataframe if column in f.value.columns]
    assert found, [list(f.value.columns) for f in at.dataframe]
    return found[0]


def k_occurrence(vectors: np.ndarray, k: int) -> np.ndarray:
    nn = NearestNeighbors(n_neighbors=k + 1, metric="cosine").fit(vectors)
    ids = nn.kneighbors(vectors, return_distance=False)[:, 1:]  # no ties among these 88
    return np.bincount(ids.ravel(), minlength=len(vectors))


def test_it_opens_on_the_88_words_with_hubs_that_match_sklearn_and_scipy(at):
    assert not at.error and not at.warning
    vectors = load_model(DEFAULT_MODEL).encode(words())
    counts = k_occurrence(vectors, 10)
    shown = metrics(at)
    assert shown["Skewness of N10, cosine"] == f"{skew(counts):.2f}"
    assert {"Skewness of N10, CSLS", "Skewness of N10, mutual proximity"} <= set(shown)
    hubs = frame_with(at, "N10")
    assert list(hubs["N10"]) == sorted(counts, reverse=True)[: len(hubs)]
    assert chart(at, "geo_hub_hist")
    assert f"{np.mean(counts == 0):.1%} of the items" in said(at.markdown)


def test_anisotropy_is_the_mean_cosine_of_all_pairs_for_a_small_set(at):
    v = load_model(DEFAULT_MODEL).encode(words()).astype(np.float64)
    unit = v / np.linalg.norm(v, axis=1, keepdims=True)
    cos = unit @ unit.T
    pairs = cos[np.triu_indices(len(v), 1)]
    table = frame_with(at, "mean cosine of random pairs")
    assert table["mean cosine of random pairs"][0] == pytest.approx(pairs.mean(), abs=1e-4)
    ratio = np.linalg.norm(v.mean(axis=0)) / np.linalg.norm(v, axis=1).mean()
    assert table["length of the mean / mean length"][0] == pytest.approx(ratio, abs=1e-4)
    assert table["mean cosine of random pairs"][1] < table["mean cosine of random pairs"][0]


def test_agreement_cosine_and_euclidean_agree_on_unit_vectors_but_not_on_glove(at):
    at.segmented_control(key="geo_agree").set_value("euclidean").run()
    assert_ok(at)
    assert metrics(at)["Mean overlap of the neighbour lists"] == "100%"  # MiniLM's are unit
    at.selectbox(key="frame_model").set_value(GLOVE).run()
    assert_ok(at)
    glove = load_model(GLOVE).encode(words())
    a = NearestNeighbors(n_neighbors=11, metric="cosine").fit(glove).kneighbors(glove)[1][:, 1:]
    b = NearestNeighbors(n_neighbors=11).fit(glove).kneighbors(glove)[1][:, 1:]
    overlap = np.mean([len(set(x) & set(y)) / 10 for x, y in zip(a, b, strict=True)])
    assert metrics(at)["Mean overlap of the neighbour lists"] == f"{overlap:.0%}"
    assert overlap < 1
    assert len(at.table) == 1
    changed = at.table[0].value
    assert len(changed) == 15 and "neighbours, euclidean" in changed.columns
    texts = words()
    for item, listed in zip(changed["item"], changed["neighbours, cosine"], strict=True):
        row = texts.index(item)
        assert set(listed.split(", ")) == {texts[j] for j in a[row]}
    at.segmented_control(key="geo_agree").set_value("models").run()
    assert_ok(at)
    assert "On the 88 items GloVe knows." in said(at.caption)


def test_benchmarks_under_glove_equal_gensim(at):
    at.selectbox(key="frame_model").set_value(GLOVE).run()
    assert_ok(at)
    glove = load_model(GLOVE)
    kv = KeyedVectors(50)
    kv.add_vectors(glove.vocabulary, np.asarray(glove.vectors))
    table = frame_with(at, "ρ as learned")
    for row, name in enumerate(("wordsim353.tsv", "simlex999.txt")):
        pearson, spearman, oov = kv.evaluate_word_pairs(datapath(name), restrict_vocab=400_000)
        assert table["ρ as learned"][row] == pytest.approx(round(spearman.statistic, 3), abs=1e-9)
    assert "ρ all-but-the-top" in table.columns


def test_the_sidebar_post_processing_reaches_the_similarity_page(at):
    open_page(at, "similarity")
    before = chart(at, "sim_heatmap")["data"][0]["z"]
    at.selectbox(key="frame_post").set_value("abtt").run()
    assert_ok(at)
    after = chart(at, "sim_heatmap")["data"][0]["z"]
    assert before != after
    open_page(at, "geometry")
    assert "vectors all-but-the-top (sidebar)" in said(at.caption)


def test_a_set_too_small_is_said(at):
    explore_typed(at, "cat\ndog\nfish")
    open_page(at, "geometry")
    assert "needs at least 5 items; this set has 3" in said(at.warning)


def test_the_glove_button_shows_strong_hubs_that_csls_brings_down(at):
    assert "**Mild hubs**" in said(at.markdown) or "**No marked hubs**" in said(at.markdown)
    at.button(key="geo_try_glove").click().run()
    assert_ok(at)
    assert (
        at.session_state["frame_dataset"] == "glove-top"
        and at.session_state["frame_model"] == GLOVE
    )
    assert "5,000 items of" in said(at.caption) and "50 dimensions" in said(at.caption)
    glove = load_model(GLOVE)
    counts = k_occurrence(np.asarray(glove.vectors[:5000]), 10)
    shown = metrics(at)
    assert shown["Skewness of N10, cosine"] == f"{skew(counts):.2f}" and skew(counts) > 1
    assert float(shown["Skewness of N10, CSLS"]) < skew(counts) / 2  # CSLS: far fewer hubs
    assert "**Strong hubs**" in said(at.markdown)
    # centring on GloVe's mean raises these 5,000 words' mean cosine: said, with their own
    table = frame_with(at, "mean cosine of random pairs")
    learned, centred, own = (table["mean cosine of random pairs"][i] for i in (0, 1, 3))
    v = np.asarray(glove.vectors[:5000], dtype=np.float64)
    v = v - v.mean(axis=0)
    unit = v / np.linalg.norm(v, axis=1, keepdims=True)
    n = len(unit)
    by_hand = (np.linalg.norm(unit.sum(axis=0)) ** 2 - n) / (n * (n - 1))  # mean over pairs
    assert own == pytest.approx(by_hand, abs=1e-3) and abs(own) < 0.01
    assert centred > learned and "**raises** this set's mean cosine" in said(at.warning)
