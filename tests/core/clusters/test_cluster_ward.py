"""find_clusters' default method: cuts of one Ward tree of the map (scipy) at the numbers of
clusters its silhouette prefers (scikit-learn), checked against the recipe written out here."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial import cKDTree
from sklearn.metrics import adjusted_rand_score, silhouette_score

import core.clusters.ward as ward
from core.clusters import find_clusters


def _blobs(seed: int = 0) -> np.ndarray:
    """Three far groups of three blobs each (40 points per blob)."""
    rng = np.random.default_rng(seed)
    centres = [g * 30 + b for g in (np.array([0, 0]), np.array([1, 0]), np.array([0, 1]))
               for b in (np.array([0, 0]), np.array([4, 0]), np.array([0, 4]))]  # fmt: skip
    return np.concatenate([c + rng.normal(scale=0.4, size=(40, 2)) for c in centres])


def _recipe(xy: np.ndarray, min_coarse: int = 1) -> list[np.ndarray]:
    """The documented recipe: silhouette of every cut, best; best with ≤ half; best with ≥ 2×."""
    tree = linkage(xy, "ward")
    top = min(50, len(xy) // 3)
    cuts = {k: fcluster(tree, k, "maxclust") - 1 for k in range(max(2, min_coarse), top + 1)}
    score = {k: silhouette_score(xy, labels) for k, labels in cuts.items()}
    best = max(score, key=lambda k: (score[k], -k))
    coarser = [k for k in score if 2 * k <= best]
    finer = [k for k in score if k >= 2 * best]
    chosen = [max(ks, key=lambda k: (score[k], -k)) for ks in (coarser, [best], finer) if ks]
    return [cuts[k] for k in chosen]


def test_levels_equal_the_recipe_with_scipy_and_sklearn():
    xy = _blobs()
    levels = find_clusters(xy)
    expected = _recipe(xy)
    assert len(levels) == len(expected) >= 2
    for got, want in zip(levels, expected, strict=True):
        np.testing.assert_array_equal(got, want)
    counts = [int(labels.max()) + 1 for labels in levels]
    assert counts == sorted(counts) and counts[0] == 3 and counts[1] == 9  # far groups, blobs
    assert all((labels >= 0).all() for labels in levels)  # no noise


def test_min_coarse_is_the_fewest_clusters_of_any_level():
    xy = _blobs(1)
    levels = find_clusters(xy, min_coarse=5)
    assert min(int(labels.max()) + 1 for labels in levels) >= 5
    for got, want in zip(levels, _recipe(xy, min_coarse=5), strict=True):
        np.testing.assert_array_equal(got, want)


def test_choose_worked_by_hand():
    scores = {2: 0.5, 3: 0.7, 4: 0.6, 6: 0.65, 7: 0.4, 8: 0.66}
    assert ward.choose(scores) == [3, 8]  # no k ≤ 1.5; best of k ≥ 6 is 8
    scores = {2: 0.3, 3: 0.2, 4: 0.5, 5: 0.1, 8: 0.4, 9: 0.4}
    assert ward.choose(scores) == [2, 4, 8]  # a tie goes to the fewer clusters


def test_large_maps_are_fitted_on_a_sample_and_the_rest_take_their_nearest_sampled_label(
    monkeypatch,
):
    monkeypatch.setattr(ward, "FIT_AT_MOST", 150)
    xy = _blobs(2)
    levels = find_clusters(xy, random_state=3)
    rows = np.sort(np.random.default_rng(3).choice(len(xy), 150, replace=False))
    fitted = _recipe(xy[rows])
    _, nearest = cKDTree(xy[rows]).query(xy)
    for got, want in zip(levels, fitted, strict=True):
        np.testing.assert_array_equal(got[rows], want)
        assert adjusted_rand_score(got, want[nearest]) == pytest.approx(1.0)


def test_few_points_give_one_level_of_two():
    xy = np.array([[0.0, 0.0], [0.1, 0.0], [0.0, 0.1], [9.0, 9.0], [9.1, 9.0], [9.0, 9.1]])
    (labels,) = find_clusters(xy, min_coarse=5)
    assert adjusted_rand_score(labels, [0, 0, 0, 1, 1, 1]) == 1.0
