"""The re-ranking index (CSLS, mutual proximity) the Map and Search list neighbours with, and the
map's "neighbours kept": brute force in numpy and scipy, and sklearn's neighbours."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm
from sklearn.neighbors import NearestNeighbors

from core.errors import InputError
from core.neighbours.reranked import RerankedIndex
from core.project.trust import kept_on_map, map_neighbours


@pytest.fixture(scope="module")
def words(glove) -> np.ndarray:
    return np.asarray(glove.vectors[:400], dtype=np.float32)


def _cosines(v: np.ndarray) -> np.ndarray:
    unit = v.astype(np.float64) / np.linalg.norm(v, axis=1, keepdims=True)
    return unit @ unit.T


def test_csls_lists_equal_brute_force(words):
    cos = _cosines(words)
    off = cos - np.eye(len(cos)) * 10  # a row is not its own neighbour
    r = np.sort(off, axis=1)[:, -10:].mean(axis=1)
    index = RerankedIndex(words, "csls")
    for row in (0, 7, 123):
        csls = 2 * cos[row] - r[row] - r
        csls[row] = -np.inf
        expected = np.argsort(-csls, kind="stable")[:5]
        got = index.query(row, k=5)
        assert [n.index for n in got] == list(expected)
        np.testing.assert_allclose([n.score for n in got], csls[expected], atol=1e-5)
    # an outside vector: r from its own 10 largest cosines
    q = words[3] + words[9]
    qcos = _cosines(np.vstack([q, words]))[0, 1:]
    expected = np.argsort(-(2 * qcos - np.sort(qcos)[-10:].mean() - r), kind="stable")[:5]
    assert [n.index for n in index.query(q, k=5)] == list(expected)


def test_mutual_proximity_lists_equal_brute_force_with_scipy(words):
    d = 1 - _cosines(words)
    others = ~np.eye(len(d), dtype=bool)
    mean = np.array([d[i][others[i]].mean() for i in range(len(d))])
    std = np.array([d[i][others[i]].std() for i in range(len(d))])
    index = RerankedIndex(words, "mp")
    row = 11
    mp = norm.sf(d[row], mean[row], std[row]) * norm.sf(d[row], mean, std)
    mp[row] = -np.inf
    expected = np.argsort(-mp, kind="stable")[:5]
    got = index.query(row, k=5)
    assert [n.index for n in got] == list(expected)
    np.testing.assert_allclose([n.score for n in got], mp[expected], rtol=1e-4)


def test_map_neighbours_leave_each_point_out_even_when_points_coincide():
    xy = np.array([[0, 0], [0, 0], [0, 0], [5, 5], [5, 6], [9, 9]], dtype=float)
    ids = map_neighbours(xy, 2)
    assert ids.shape == (6, 2)
    assert all(i not in row for i, row in enumerate(ids))
    assert set(ids[0]) == {1, 2} and set(ids[3]) == {4, 5}
    with pytest.raises(InputError, match="k must be from 1 to 5"):
        map_neighbours(xy, 6)


def test_neighbours_kept_equals_sklearn_overlap(words):
    xy = np.random.default_rng(0).normal(size=(len(words), 2))
    xy[:, 0] += _cosines(words)[0] * 5  # some structure, so shares vary
    kept = kept_on_map(words, xy, 10)
    full = NearestNeighbors(n_neighbors=11, metric="cosine").fit(words).kneighbors(words)[1]
    near = NearestNeighbors(n_neighbors=11).fit(xy).kneighbors(xy)[1]
    expected = [len(set(a[1:]) & set(b[1:])) / 10 for a, b in zip(full, near, strict=True)]
    np.testing.assert_allclose(kept, expected)
    assert kept_on_map(words, _pca(words), 10).mean() > kept.mean()  # a real map keeps more


def _pca(v: np.ndarray) -> np.ndarray:
    from sklearn.decomposition import PCA

    unit = v / np.linalg.norm(v, axis=1, keepdims=True)
    return PCA(n_components=2, random_state=0).fit_transform(unit)
