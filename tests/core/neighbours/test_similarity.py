"""core.neighbours.similarity: the pairwise matrix, the block order and the extreme pairs."""

from __future__ import annotations

import numpy as np
import pytest

from core.errors import InputError
from core.neighbours.similarity import block_order, extreme_pairs, similarity_matrix


@pytest.fixture
def random_vectors() -> np.ndarray:
    return np.random.default_rng(0).normal(size=(30, 8)).astype(np.float32)


def _brute_force(v: np.ndarray, metric: str) -> np.ndarray:
    v = v.astype(np.float64)
    n = len(v)
    out = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            if metric == "cosine":
                out[i, j] = v[i] @ v[j] / (np.linalg.norm(v[i]) * np.linalg.norm(v[j]))
            elif metric == "dot":
                out[i, j] = v[i] @ v[j]
            else:
                out[i, j] = np.linalg.norm(v[i] - v[j])
    return out


@pytest.mark.parametrize("metric", ["cosine", "euclidean", "dot"])
def test_matrix_equals_brute_force_and_is_symmetric(random_vectors, metric):
    m = similarity_matrix(random_vectors, metric=metric)
    assert m.shape == (30, 30)
    assert m.dtype == np.float64
    np.testing.assert_allclose(m, _brute_force(random_vectors, metric), atol=1e-5)
    np.testing.assert_allclose(m, m.T, atol=1e-12)


def test_cosine_diagonal_is_one_and_values_stay_in_range(random_vectors):
    m = similarity_matrix(random_vectors * 1000)
    np.testing.assert_allclose(np.diag(m), 1.0, atol=1e-6)
    assert m.min() >= -1.0
    assert m.max() <= 1.0


def test_euclidean_diagonal_is_exactly_zero(random_vectors):
    m = similarity_matrix(random_vectors * 1e4 + 1e4, metric="euclidean")
    assert (np.diag(m) == 0).all()
    assert (m >= 0).all()


def test_a_single_row_gives_a_one_by_one_matrix():
    assert similarity_matrix([[3.0, 4.0]]).tolist() == [[1.0]]


def test_bad_inputs_raise_input_errors():
    with pytest.raises(InputError, match=r"Unknown metric: 'jaccard'"):
        similarity_matrix(np.ones((2, 2)), metric="jaccard")
    with pytest.raises(InputError, match=r"need at least 1 rows; got 0"):
        similarity_matrix(np.zeros((0, 2)))


# --- block order ----------------------------------------------------------------------------


def _two_shuffled_clusters(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.repeat([0, 1], [7, 9]))
    centres = np.array([[10.0, 0, 0, 0], [0, 0, 10.0, 0]])
    return centres[labels] + rng.normal(size=(16, 4)), labels


def _runs(sequence) -> int:
    return 1 + sum(a != b for a, b in zip(sequence, sequence[1:], strict=False))


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("metric", ["cosine", "euclidean"])
def test_block_order_is_a_permutation_that_groups_two_clusters(seed, metric):
    vectors, labels = _two_shuffled_clusters(seed)
    assert _runs(labels.tolist()) > 2  # shuffled to begin with
    order = block_order(
        similarity_matrix(vectors, metric=metric), higher_is_similar=metric == "cosine"
    )
    assert sorted(order.tolist()) == list(range(16))
    assert _runs(labels[order].tolist()) == 2


@pytest.mark.parametrize("n", [0, 1, 2])
def test_block_order_of_tiny_matrices_is_the_identity(n):
    assert block_order(np.eye(n)).tolist() == list(range(n))


def test_block_order_is_deterministic():
    vectors, _ = _two_shuffled_clusters(5)
    m = similarity_matrix(vectors)
    np.testing.assert_array_equal(block_order(m), block_order(m))


# --- extreme pairs --------------------------------------------------------------------------


def test_extreme_pairs_of_similarities():
    m = np.array(
        [
            [1.0, 0.9, 0.1, 0.5],
            [0.9, 1.0, -0.2, 0.4],
            [0.1, -0.2, 1.0, 0.3],
            [0.5, 0.4, 0.3, 1.0],
        ]
    )
    most, least = extreme_pairs(m, n=2)
    assert most == [(0, 1, 0.9), (0, 3, 0.5)]
    assert least == [(1, 2, -0.2), (0, 2, 0.1)]


def test_extreme_pairs_of_distances():
    vectors = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 0.0]])
    most, least = extreme_pairs(
        similarity_matrix(vectors, metric="euclidean"), n=1, higher_is_similar=False
    )
    assert most == [(0, 1, 1.0)]
    assert least == [(0, 2, 10.0)]


def test_extreme_pairs_with_real_words(minilm):
    words = ["cat", "kitten", "dog", "spreadsheet"]
    most, least = extreme_pairs(similarity_matrix(minilm.encode(words)), n=1)
    assert most[0][:2] == (0, 1)  # cat, kitten
    assert most[0][2] == pytest.approx(0.788, abs=0.005)
    assert 3 in least[0][:2]  # the spreadsheet is the odd one out


def test_extreme_pairs_with_fewer_pairs_than_asked():
    most, least = extreme_pairs(np.array([[1.0, 0.2], [0.2, 1.0]]), n=5)
    assert most == least == [(0, 1, 0.2)]
    assert extreme_pairs(np.array([[1.0]])) == ([], [])
