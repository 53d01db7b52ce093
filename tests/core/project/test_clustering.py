"""core.project.clustering.cluster: k-means on unit vectors, with k chosen by silhouette when not given."""

from __future__ import annotations

import numpy as np
import pytest

from core.errors import InputError
from core.project.clustering import cluster


def _blobs(sizes: list[int], seed: int = 0, dim: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """Groups pointing in clearly different directions (cosine clusters), shuffled."""
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.repeat(np.arange(len(sizes)), sizes))
    centres = np.eye(dim)[: len(sizes)] * 10
    return centres[labels] + rng.normal(scale=0.5, size=(len(labels), dim)), labels


def _same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """The two labelings group the rows the same way, whatever the label numbers."""
    pairs = set(zip(a.tolist(), b.tolist(), strict=True))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


@pytest.mark.parametrize("seed", range(3))
def test_two_separate_blobs_give_two_clusters_when_k_is_not_given(seed):
    vectors, truth = _blobs([20, 25], seed)
    labels = cluster(vectors)
    assert labels.dtype == np.int64
    assert labels.shape == (45,)
    assert sorted(set(labels.tolist())) == [0, 1]
    assert _same_partition(labels, truth)


def test_four_blobs_give_four_clusters():
    vectors, truth = _blobs([10, 12, 15, 9], seed=4)
    assert _same_partition(cluster(vectors), truth)


def test_clusters_follow_direction_not_length():
    vectors, truth = _blobs([15, 15], seed=1)
    scaled = vectors * np.random.default_rng(2).uniform(0.1, 100, size=(30, 1))
    assert _same_partition(cluster(scaled), truth)


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_k_given_gives_k_clusters(k):
    vectors, _ = _blobs([8, 8, 8], seed=3)
    assert sorted(set(cluster(vectors, k=k).tolist())) == list(range(k))


def test_labels_are_deterministic():
    vectors, _ = _blobs([10, 10, 10], seed=5)
    np.testing.assert_array_equal(
        cluster(vectors, random_state=3), cluster(vectors, random_state=3)
    )


@pytest.mark.parametrize("n", [1, 2])
def test_one_or_two_rows_are_one_cluster(n):
    vectors = np.random.default_rng(0).normal(size=(n, 4))
    labels = cluster(vectors)
    assert labels.tolist() == [0] * n
    assert labels.dtype == np.int64
    assert cluster(vectors, k=n).tolist() == [0] * n


def test_identical_rows_are_one_cluster_even_when_more_are_asked():
    vectors = np.tile([1.0, 2.0, 3.0], (6, 1))
    assert cluster(vectors).tolist() == [0] * 6
    assert cluster(vectors, k=4).tolist() == [0] * 6


def test_k_is_capped_by_the_distinct_rows():
    vectors = np.array([[1.0, 0.0]] * 4 + [[0.0, 1.0]] * 4)
    labels = cluster(vectors, k=5)
    assert _same_partition(labels, np.repeat([0, 1], 4))


@pytest.mark.parametrize("k", [0, -1, 7, 2.5, True, "2"])
def test_bad_k_raises_an_input_error(k):
    vectors = np.random.default_rng(0).normal(size=(6, 3))
    with pytest.raises(
        InputError, match=r"k must be between 1 and the number of items \(6\); got "
    ):
        cluster(vectors, k=k)


def test_bad_vectors_raise_an_input_error():
    with pytest.raises(InputError, match=r"need at least 1 rows; got 0"):
        cluster(np.zeros((0, 3)))
