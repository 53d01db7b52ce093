"""core.neighbours.index.NeighbourIndex: the same answers as core.neighbours.exact.nearest and as sklearn's exact
search, from a matrix checked and normalised once."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors

from core.errors import InputError
from core.neighbours.exact import nearest
from core.neighbours.index import NeighbourIndex


def data(n=300, d=16, seed=0):
    return np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)


@pytest.mark.parametrize("metric", ["cosine", "euclidean", "dot"])
def test_same_neighbours_and_scores_as_nearest(metric):
    v = data()
    index = NeighbourIndex(v, metric)
    for row in (0, 17, 299):
        got = index.query(row, k=12)
        want = nearest(v, row, k=12, metric=metric)
        assert [x.index for x in got] == [x.index for x in want]
        np.testing.assert_allclose([x.score for x in got], [x.score for x in want], atol=1e-5)


@pytest.mark.parametrize("metric", ["cosine", "euclidean"])
def test_agrees_with_sklearn_exact_search(metric):
    v = data(500, 24, seed=1)
    nn = NearestNeighbors(n_neighbors=11, metric=metric, algorithm="brute").fit(v)
    dist, rows = nn.kneighbors(v[[3, 250]])
    index = NeighbourIndex(v, metric)
    for q, want_rows, want_dist in zip((3, 250), rows, dist, strict=True):
        got = index.query(q, k=10)
        assert [x.index for x in got] == list(want_rows[1:])  # sklearn lists the row itself first
        expected = 1 - want_dist[1:] if metric == "cosine" else want_dist[1:]
        np.testing.assert_allclose([x.score for x in got], expected, atol=1e-5)


def test_a_vector_query_keeps_every_row_and_exclude_leaves_rows_out():
    v = data(50, 8)
    index = NeighbourIndex(v, "cosine")
    got = index.query(v[7] * 3.0, k=3)  # scaled: cosine does not care
    assert got[0].index == 7 and got[0].score == pytest.approx(1.0, abs=1e-6)
    assert 7 not in [x.index for x in index.query(v[7], k=3, exclude=[7])]
    assert len(index.query(0, k=500)) == 49  # fewer rows than asked: all the others


def test_a_hand_computed_case():
    v = np.array([[1, 0], [0, 1], [1, 1], [-1, 0]], dtype=np.float32)
    got = NeighbourIndex(v, "cosine").query(0, k=3)
    assert [x.index for x in got] == [2, 1, 3]
    assert [round(x.score, 6) for x in got] == [round(1 / np.sqrt(2), 6), 0.0, -1.0]
    dist = NeighbourIndex(v, "euclidean").query(0, k=1)[0]
    assert dist.index == 2 and dist.score == pytest.approx(1.0)


def test_zero_rows_score_zero_under_cosine_and_ties_go_by_row():
    v = np.array([[1, 0], [0, 0], [0, 0], [0, 1]], dtype=np.float32)
    got = NeighbourIndex(v, "cosine").query(0, k=3)
    assert [x.index for x in got] == [1, 2, 3] and [x.score for x in got] == [0, 0, 0]


def test_errors_say_what_is_wrong():
    index = NeighbourIndex(data(10, 4), "cosine")
    with pytest.raises(InputError, match="k must be a whole number of at least 1"):
        index.query(0, k=0)
    with pytest.raises(InputError, match="Query row 10 is out of range: there are 10 rows"):
        index.query(10)
    with pytest.raises(InputError, match="The query has 3 dimensions but the vectors have 4"):
        index.query(np.ones(3))
    with pytest.raises(InputError, match="NaN or infinite"):
        index.query(np.array([np.nan, 0, 0, 0]))
    with pytest.raises(InputError, match="Unknown metric"):
        NeighbourIndex(data(3, 2), "manhattan")
    with pytest.raises(InputError, match="NaN or infinite values"):
        NeighbourIndex(np.array([[np.inf, 0.0]]), "cosine")


def test_on_the_bundled_glove_words():
    from core.models.registry import load_model

    glove = load_model("glove-6B-50d")
    words = ["king", "queen", "man", "woman", "paris", "france", "rome", "italy", "cat", "dog"]
    v = glove.encode(words)
    got = NeighbourIndex(v, "cosine").query(0, k=2)
    assert [words[x.index] for x in got] == [
        w for w in [words[x.index] for x in nearest(v, 0, k=2)]
    ]
    assert words[got[0].index] == "queen"
