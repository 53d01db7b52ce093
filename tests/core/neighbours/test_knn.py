"""core.neighbours.knn: the exact k-nearest-neighbour graph, by hand and against scikit-learn."""

from __future__ import annotations

import time

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors

from core.errors import InputError
from core.neighbours.knn import block_rows, knn_graph

LINE = np.array([[0.0], [1.0], [3.0], [7.0]], dtype=np.float32)


def test_euclidean_by_hand_on_a_line():
    ids, scores = knn_graph(LINE, 2, "euclidean")
    assert ids.tolist() == [[1, 2], [0, 2], [1, 0], [2, 1]]
    np.testing.assert_allclose(scores, [[1, 3], [1, 2], [2, 3], [4, 6]])
    assert ids.dtype == np.int32 and scores.dtype == np.float32


def test_cosine_and_dot_by_hand():
    x = np.array([[1, 0], [1, 1], [0, 2], [-1, 0]], dtype=np.float32)
    ids, scores = knn_graph(x, 2, "cosine")
    # Row 2 is at cosine 0 from rows 0 and 3: the tie goes to row 0.
    assert ids.tolist() == [[1, 2], [0, 2], [1, 0], [2, 1]]
    np.testing.assert_allclose(scores[0], [np.sqrt(0.5), 0], atol=1e-6)
    ids, scores = knn_graph(x, 1, "dot")
    assert ids[:, 0].tolist() == [1, 2, 1, 2] and scores[:, 0].tolist() == [1, 2, 2, 0]


def test_ties_go_to_the_lower_row_and_self_is_never_listed():
    # Row 0 is equally far from 1, 2 and 3; row 4 duplicates row 0 exactly.
    x = np.array([[0, 0], [1, 0], [0, 1], [-1, 0], [0, 0]], dtype=np.float32)
    ids, scores = knn_graph(x, 3, "euclidean")
    assert ids[0].tolist() == [4, 1, 2] and ids[4].tolist() == [0, 1, 2]
    assert scores[0].tolist() == [0, 1, 1]
    ids, _ = knn_graph(x, 4, "euclidean")  # k = n - 1: everyone else, never self
    assert all(i not in row for i, row in enumerate(ids.tolist()))


def test_ties_among_many_duplicates_in_the_fast_path():
    # 2,800 rows from 40 distinct ones: the fast path (≥ 64 columns per group) meets ties.
    base = np.random.default_rng(1).integers(-2, 3, size=(40, 3)).astype(np.float32)
    x = np.concatenate([base] * 70)
    ids, _ = knn_graph(x, 7, "dot")
    full = x @ x.T
    np.fill_diagonal(full, -np.inf)
    for i in range(0, len(x), 97):
        expected = np.lexsort((np.arange(len(x)), -full[i]))[:7]
        assert ids[i].tolist() == expected.tolist()


@pytest.mark.parametrize("metric", ["cosine", "euclidean"])
def test_matches_sklearn_on_random_data(metric):
    x = np.random.default_rng(0).standard_normal((1500, 24)).astype(np.float32)
    ids, scores = knn_graph(x, 10, metric)
    dist, ref = NearestNeighbors(n_neighbors=11, metric=metric).fit(x).kneighbors(x)
    assert (ref[:, 0] == np.arange(len(x))).all()
    np.testing.assert_array_equal(ids, ref[:, 1:])
    expected = 1 - dist[:, 1:] if metric == "cosine" else dist[:, 1:]
    np.testing.assert_allclose(scores, expected, atol=1e-5)


def test_blocks_report_progress_and_match_one_block(monkeypatch):
    x = np.random.default_rng(2).standard_normal((700, 8)).astype(np.float32)
    whole = knn_graph(x, 5)
    monkeypatch.setattr("core.neighbours.knn.BLOCK_BYTES", 64 * 700 * 5)  # 64 rows per block
    assert block_rows(700) == 64
    calls = []
    ids, scores = knn_graph(x, 5, progress=lambda done, total: calls.append((done, total)))
    np.testing.assert_array_equal(ids, whole[0])
    np.testing.assert_allclose(scores, whole[1], atol=1e-6)  # other GEMM shapes: last bit
    assert calls[0] == (64, 700) and calls[-1] == (700, 700) and len(calls) == 11


def test_glove_neighbours_make_sense(glove):
    words = glove.vocabulary[:2000]
    ids, _ = knn_graph(glove.encode(words), 5)
    near = [words[i] for i in ids[words.index("monday")]]
    assert {"tuesday", "wednesday", "thursday", "friday"} & set(near)


@pytest.mark.parametrize("k", [0, 4, -1, 2.0, True])
def test_bad_k(k):
    with pytest.raises(InputError, match=r"k must be a whole number from 1 to 3 for 4 rows"):
        knn_graph(LINE, k)


def test_bad_metric_and_matrix():
    with pytest.raises(InputError, match="Unknown metric: 'manhattan'"):
        knn_graph(LINE, 1, "manhattan")
    with pytest.raises(InputError, match="at least 2 rows"):
        knn_graph(LINE[:1], 1)


def test_ten_thousand_by_384_in_seconds():
    x = np.random.default_rng(3).standard_normal((10_000, 384)).astype(np.float32)
    start = time.perf_counter()
    ids, _ = knn_graph(x, 10)
    assert time.perf_counter() - start < 8  # about 1.5 s on 2 cores; room for a busy machine
    assert ids.shape == (10_000, 10)
