"""find_clusters: HDBSCAN leaf levels on the map's coordinates (as scikit-learn computes them),
k-means, sample-and-assign for large maps, and the inputs that cannot be clustered (the Ward
levels, the default, are checked in test_cluster_ward.py)."""

from __future__ import annotations

import resource
import time

import numpy as np
import pytest
from sklearn.cluster import HDBSCAN, KMeans
from sklearn.metrics import adjusted_rand_score

import core.clusters.find as find
from core.clusters import find_clusters
from core.errors import InputError


def _groups(seed: int = 0) -> np.ndarray:
    """Three groups of three tight blobs each (60 points per blob), far apart."""
    rng = np.random.default_rng(seed)
    centres = [g * 30 + b for g in (np.array([0, 0]), np.array([1, 0]), np.array([0, 1]))
               for b in (np.array([0, 0]), np.array([4, 0]), np.array([0, 4]))]  # fmt: skip
    return np.concatenate([c + rng.normal(scale=0.4, size=(60, 2)) for c in centres])


def _sklearn_levels(xy: np.ndarray) -> list[np.ndarray]:
    """The documented recipe, written out with scikit-learn's HDBSCAN: finest first."""
    size, levels = max(3, round(np.sqrt(len(xy)) / 2)), []
    for _ in range(8):
        if len(levels) == 3 or size >= len(xy):
            break
        labels = HDBSCAN(min_cluster_size=size, min_samples=2, cluster_selection_method="leaf",
                         copy=True).fit(xy).labels_  # fmt: skip
        if labels.max() + 1 < 2:
            break
        repeated = bool(levels) and adjusted_rand_score(labels, levels[-1]) == 1.0
        if not repeated:
            levels.append(labels)
        grown = int(np.quantile(np.bincount(labels[labels >= 0]), 0.8))
        size = max(grown, 2 * size if repeated else size + 1)
    return levels


def test_levels_equal_sklearn_hdbscan_with_the_documented_parameters():
    xy = _groups()
    levels = find_clusters(xy, method="hdbscan")
    expected = _sklearn_levels(xy.astype(np.float64))[::-1]
    assert len(levels) == len(expected) >= 2
    for got, want in zip(levels, expected, strict=True):
        np.testing.assert_array_equal(got, want)
    counts = [int(labels.max()) + 1 for labels in levels]
    assert counts == sorted(counts) and counts[0] < counts[-1]  # coarse first


@pytest.mark.parametrize("method", ["ward", "hdbscan"])
def test_fine_clusters_nest_inside_coarser_ones(method):
    levels = find_clusters(_groups(1), method=method)
    assert len(levels) >= 2
    for coarse, fine in zip(levels, levels[1:], strict=False):
        for label in range(fine.max() + 1):
            assert len(np.unique(coarse[fine == label])) == 1, f"fine cluster {label} is split"


@pytest.mark.parametrize("method", ["ward", "hdbscan"])
def test_the_coarse_level_finds_the_three_far_groups(method):
    xy = _groups(2)
    truth = np.repeat(np.arange(3), 180)
    coarse = find_clusters(xy, method=method)[0]
    kept = coarse >= 0
    assert kept.mean() > 0.8
    from sklearn.metrics import adjusted_rand_score

    assert adjusted_rand_score(truth[kept], coarse[kept]) == pytest.approx(1.0)


def test_kmeans_equals_sklearn_kmeans():
    xy = _groups(3)
    (labels,) = find_clusters(xy, method="kmeans", k=4, random_state=7)
    want = KMeans(n_clusters=4, n_init=4, random_state=7).fit(xy.astype(np.float64)).labels_
    np.testing.assert_array_equal(labels, want)


def test_large_maps_are_fitted_on_a_sample_and_the_rest_take_their_nearest_sampled_label(
    monkeypatch,
):
    monkeypatch.setattr(find, "FIT_AT_MOST", 300)
    xy = _groups(4)
    levels = find_clusters(xy, method="hdbscan", random_state=5)
    rows = np.sort(np.random.default_rng(5).choice(len(xy), 300, replace=False))
    fitted = _sklearn_levels(xy[rows].astype(np.float64))[::-1]
    nearest = np.argmin(((xy[:, None, :] - xy[rows][None, :, :]) ** 2).sum(axis=2), axis=1)
    for got, want in zip(levels, fitted, strict=True):
        np.testing.assert_array_equal(got[rows], want)
        np.testing.assert_array_equal(got, want[nearest])


@pytest.mark.parametrize("method", ["ward", "hdbscan"])
def test_progress_runs_to_one(method):
    heard = []
    find_clusters(_groups(), method=method, progress=lambda f, m: heard.append((f, m)))
    assert heard[-1][0] == 1.0
    assert all(0.0 <= f <= 1.0 for f, _ in heard)
    assert [f for f, _ in heard] == sorted(f for f, _ in heard)


def test_two_items_are_too_few():
    with pytest.raises(InputError, match=r"at least 6 items .*got 2"):
        find_clusters([[0.0, 0.0], [1.0, 1.0]])


@pytest.mark.parametrize("method", ["ward", "hdbscan"])
def test_identical_points_are_one_cluster(method):
    levels = find_clusters(np.ones((50, 2)), method=method)
    assert len(levels) == 1
    np.testing.assert_array_equal(levels[0], np.zeros(50))


def test_an_even_grid_has_no_dense_region():
    grid = np.stack(np.meshgrid(np.arange(20), np.arange(20)), -1).reshape(-1, 2)
    with pytest.raises(
        InputError, match="No clusters found: HDBSCAN marks all 400 points as noise"
    ):
        find_clusters(grid, method="hdbscan")


def test_one_obvious_cluster_keeps_the_far_points_out():
    """Documented: a single blob is still cut where its density dips (a density method cannot
    say "one cluster" without also merging real groups), but no cluster takes in a far point."""
    rng = np.random.default_rng(0)
    xy = np.r_[rng.normal(scale=0.3, size=(200, 2)), rng.uniform(-20, 20, size=(30, 2))]
    for labels in find_clusters(xy, method="hdbscan"):
        assert (labels[200:] == -1).all()
        assert (labels[:200] >= 0).mean() > 0.5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "dbscan"}, r"Unknown clustering method: 'dbscan'. Must be one of"),
        (
            {"method": "kmeans"},
            r"k-means needs k, the number of clusters, between 1 and .*got None",
        ),
        ({"method": "kmeans", "k": 0}, r"between 1 and the number of items \(540\); got 0"),
        ({"k": 5}, r"'ward' finds the number of clusters itself; got k=5"),
        ({"method": "hdbscan", "k": 5}, r"'hdbscan' finds the number of clusters itself; got k=5"),
    ],
)
def test_bad_options(kwargs, message):
    with pytest.raises(InputError, match=message):
        find_clusters(_groups(), **kwargs)


def test_vectors_instead_of_coordinates_are_refused():
    with pytest.raises(InputError, match="2 or 3 coordinates; got 384 columns"):
        find_clusters(np.zeros((10, 384)))


@pytest.mark.slow
def test_a_million_points_finish_in_bounded_time_and_memory():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(40, 2)) * 10
    xy = (centres[rng.integers(0, 40, 1_000_000)] + rng.normal(size=(1_000_000, 2))).astype(
        np.float32
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    levels = find_clusters(xy)
    took = time.perf_counter() - start
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert took < 120, f"{took:.0f} s"
    assert grown_mib < 1024, f"{grown_mib:.0f} MiB"
    assert len(levels) >= 2 and all(len(labels) == 1_000_000 for labels in levels)
    assert 10 <= levels[-1].max() + 1 <= 200
