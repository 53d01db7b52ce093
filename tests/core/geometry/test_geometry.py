"""core.geometry.shape (with core.neighbours.rerank and core.geometry.postprocess): by hand, then against scipy and
scikit-learn, then on the bundled GloVe and MiniLM."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm, skew
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness

from core.errors import InputError
from core.geometry import (
    PostProcess,
    anisotropy,
    continuity,
    hubness,
    k_occurrence,
    neighbours_kept,
    overlap,
    postprocess,
)
from core.neighbours.knn import knn_graph
from core.neighbours.rerank import Csls, MutualProximity
from core.vectors import normalize_rows

IDS = np.array([[1, 2], [0, 2], [0, 1], [0, 2]])  # row 0 is a hub, row 3 an anti-hub


def _random(n: int, d: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, d)).astype(np.float32)


@pytest.fixture(scope="module")
def glove_5k(glove) -> np.ndarray:
    return glove.encode(glove.vocabulary[:5000])


@pytest.fixture(scope="module")
def glove_raw_hubness(glove_5k):
    return hubness(knn_graph(glove_5k, 10)[0], len(glove_5k))


# --- hubness ---


def test_k_occurrence_and_hubness_by_hand():
    assert k_occurrence(IDS, 4).tolist() == [3, 2, 3, 0]
    h = hubness(IDS, 4, top=3)
    # counts 3, 2, 3, 0: mean 2, deviations 1, 0, 1, -2 → m2 = 1.5, m3 = -1.5
    assert h.k == 2 and h.antihub_share == 0.25
    assert h.skewness == pytest.approx(-1.5 / 1.5**1.5)
    assert h.hubs == [(0, 3), (2, 3), (1, 2)]  # ties by row


def test_hubness_of_an_even_graph_has_no_skew():
    ids = np.array([[1], [2], [0]])
    h = hubness(ids, 3)
    assert h.counts.tolist() == [1, 1, 1] and h.skewness == 0.0 and h.antihub_share == 0.0


def test_bad_ids():
    with pytest.raises(InputError, match=r"rows 0 to 3; got 0…7"):
        k_occurrence(np.array([[7, 0]]), 4)
    with pytest.raises(InputError, match=r"\(n, k\); got shape \(4,\)"):
        hubness(np.arange(4), 4)


def test_glove_hubness_skew_matches_scipy(glove_raw_hubness):
    h = glove_raw_hubness
    assert h.skewness == pytest.approx(skew(h.counts, bias=True), rel=1e-12)
    assert h.counts.sum() == 5000 * 10 and h.skewness > 1  # GloVe's 10-NN graph has hubs
    assert h.hubs[0][1] == h.counts.max()


# --- CSLS ---

SQUARE = np.array([[1, 0], [1, 1], [0, 1], [-1, 0]], dtype=np.float32)


def test_csls_by_hand():
    c = Csls(SQUARE, K=1)
    h = np.sqrt(0.5)
    # each row's best cosine: 0→1 (h), 1→0 or 2 (h), 2→1 (h), 3→2 (0)
    np.testing.assert_allclose(c.r, [h, h, h, 0], atol=1e-6)
    cos_row = np.array([1, h, 0, -1])
    np.testing.assert_allclose(c.rerank(cos_row, c.r[0]), 2 * cos_row - h - c.r, atol=1e-6)
    assert c.r_query(np.array([0.2, 0.9, -0.5, 0.4])) == pytest.approx(0.9)
    ids, scores = c.knn(1)
    # row 3: CSLS to 2 is 0 - 0 - h, to 1 is 2(-h) - 0 - h, to 0 is -2 - h: row 2
    assert ids[:, 0].tolist() == [1, 0, 1, 2]
    assert scores[3, 0] == pytest.approx(-h, abs=1e-6)


def test_csls_knn_equals_brute_force():
    x = _random(300, 12)
    c = Csls(x, K=5)
    u = normalize_rows(x)
    full = 2 * (u @ u.T) - c.r[:, None] - c.r[None, :]
    np.fill_diagonal(full, -np.inf)
    ids, scores = c.knn(7)
    np.testing.assert_array_equal(ids, np.argsort(-full, axis=1, kind="stable")[:, :7])
    np.testing.assert_allclose(scores, np.take_along_axis(full, ids, 1), atol=1e-5)


def test_csls_reduces_glove_hubness(glove_5k, glove_raw_hubness):
    ids, _ = Csls(glove_5k, K=10).knn(10)
    h = hubness(ids, len(glove_5k))
    assert h.skewness < glove_raw_hubness.skewness / 2
    assert h.antihub_share < glove_raw_hubness.antihub_share


def test_csls_bad_K():
    with pytest.raises(InputError, match=r"K must be a whole number from 1 to 3 for 4 rows"):
        Csls(SQUARE, K=4)


# --- mutual proximity ---


def _explicit_moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    u = normalize_rows(x).astype(np.float64)
    d = 1 - u @ u.T
    d[np.eye(len(x), dtype=bool)] = np.nan
    return np.nanmean(d, axis=1), np.nanstd(d, axis=1)


def test_mp_moments_match_the_explicit_ones():
    x = _random(400, 16)
    mp = MutualProximity(x)
    mean, std = _explicit_moments(x)
    np.testing.assert_allclose(mp.mean, mean, atol=1e-6)
    np.testing.assert_allclose(mp.std, std, atol=1e-6)


def test_mp_by_hand_on_three_points():
    x = np.array([[1, 0], [0, 1], [-1, 0]], dtype=np.float32)
    mp = MutualProximity(x)
    # distances: d01 = 1, d02 = 2, d12 = 1
    np.testing.assert_allclose(mp.mean, [1.5, 1, 1.5])
    np.testing.assert_allclose(mp.std, [0.5, 0, 0.5])
    got = mp.rerank(np.array([0, 1, 2]), 0)
    # to row 1: P(N(1.5, .5) > 1) · (row 1's distances are all 1: 1 is not above 1, a step at 0.5)
    assert got[1] == pytest.approx(norm.sf(1, 1.5, 0.5) * 0.5)
    assert got[2] == pytest.approx(norm.sf(2, 1.5, 0.5) ** 2)


def test_mp_rerank_and_knn_equal_scipy_norm():
    x = _random(200, 10, seed=4)
    mp = MutualProximity(x)
    mean, std = _explicit_moments(x)
    u = normalize_rows(x).astype(np.float64)
    d = 1 - u @ u.T
    full = norm.sf(d, mean[:, None], std[:, None]) * norm.sf(d, mean[None, :], std[None, :])
    np.testing.assert_allclose(mp.rerank(d[5], 5), full[5], atol=1e-6)
    outside = mp.rerank(d[5], None)  # moments from the row itself, self distance included
    np.testing.assert_allclose(
        outside, norm.sf(d[5], d[5].mean(), d[5].std()) * norm.sf(d[5], mean, std), atol=1e-6
    )
    np.fill_diagonal(full, -np.inf)
    ids, scores = mp.knn(5)
    np.testing.assert_array_equal(ids, np.argsort(-full, axis=1, kind="stable")[:, :5])
    np.testing.assert_allclose(scores, np.take_along_axis(full, ids, 1), atol=1e-6)


def test_mp_reduces_glove_hubness(glove_5k, glove_raw_hubness):
    ids, _ = MutualProximity(glove_5k).knn(10)
    h = hubness(ids, len(glove_5k))
    assert h.skewness < glove_raw_hubness.skewness * 0.7  # measured: 1.70 → 0.94
    assert h.antihub_share < glove_raw_hubness.antihub_share


def test_mp_bad_row():
    with pytest.raises(InputError, match="Query row 3 is out of range: there are 3 rows"):
        MutualProximity(SQUARE[:3]).rerank(np.zeros(3), 3)


# --- anisotropy ---


def test_anisotropy_by_hand():
    x = np.array([[1, 0], [0.5, np.sqrt(0.75)], [2, 0]], dtype=np.float32)
    a = anisotropy(x)
    # cosines 0.5, 1, 0.5; mean vector (3.5, .866)/3, mean norm 4/3
    assert a.pairs == 3 and a.mean_pair_cosine == pytest.approx(2 / 3, abs=1e-6)
    assert a.mean_vector_ratio == pytest.approx(np.hypot(3.5, np.sqrt(0.75)) / 4, abs=1e-6)
    opposite = anisotropy(np.array([[1, 0], [-1, 0]]))
    assert opposite.mean_pair_cosine == pytest.approx(-1) and opposite.mean_vector_ratio == 0


def test_anisotropy_all_pairs_and_sampled_agree_with_explicit():
    x = _random(150, 8) + 0.5
    u = normalize_rows(x).astype(np.float64)
    explicit = (u @ u.T)[np.triu_indices(150, 1)].mean()
    assert anisotropy(x).mean_pair_cosine == pytest.approx(explicit, abs=1e-9)
    sampled = anisotropy(x, pairs=5000, seed=3)
    assert sampled.pairs == 5000 and sampled == anisotropy(x, pairs=5000, seed=3)
    assert sampled.mean_pair_cosine == pytest.approx(explicit, abs=0.02)
    assert sampled.mean_pair_cosine != anisotropy(x, pairs=5000, seed=4).mean_pair_cosine


def test_anisotropy_bad_pairs():
    with pytest.raises(InputError, match="pairs must be a whole number of at least 1; got 0"):
        anisotropy(SQUARE, pairs=0)


# --- post-processing ---


def test_centre_and_none():
    x = _random(100, 5) + 3
    assert np.abs(postprocess(x, "centre").mean(axis=0)).max() < 1e-5
    np.testing.assert_array_equal(postprocess(x, "none"), x)


def test_abtt_is_orthogonal_to_the_removed_components_and_matches_sklearn_pca():
    x = _random(500, 20) * np.linspace(3, 0.5, 20, dtype=np.float32) + 1
    p = PostProcess.fit(x, "abtt", d=3)
    y = p.transform(x)
    assert np.abs(y @ p.components.T).max() < 1e-4 and np.abs(y.mean(axis=0)).max() < 1e-5
    pca = PCA(n_components=3).fit(x.astype(np.float64))
    # Same subspace whatever the signs: compare the projectors.
    np.testing.assert_allclose(
        p.components.T @ p.components, pca.components_.T @ pca.components_, atol=1e-6
    )
    np.testing.assert_allclose(y, x - pca.inverse_transform(pca.transform(x)), atol=1e-4)


def test_a_fit_transforms_other_vectors():
    vocab, pairs = _random(300, 10) + 2, _random(20, 10, seed=9)
    p = PostProcess.fit(vocab, "abtt", d=2)
    expected = pairs - p.mean
    expected -= expected @ p.components.T @ p.components
    np.testing.assert_allclose(p.transform(pairs), expected, atol=1e-5)
    assert p.transform(pairs).dtype == np.float32


def test_abtt_default_d():
    assert len(PostProcess.fit(_random(50, 20), "abtt").components) == 1
    assert len(PostProcess.fit(_random(500, 384), "abtt").components) == 3


def test_postprocess_errors():
    with pytest.raises(InputError, match=r"Unknown post-processing: 'pca'"):
        postprocess(SQUARE, "pca")
    with pytest.raises(InputError, match=r"d \(components to remove\) must be .* from 1 to 1"):
        postprocess(SQUARE, "abtt", d=2)
    with pytest.raises(InputError, match="These vectors have 3 dimensions; .* fitted on 2"):
        PostProcess.fit(SQUARE, "centre").transform(np.ones((1, 3)))


def test_glove_anisotropy_drops_after_centring_and_abtt(glove_5k):
    raw = anisotropy(glove_5k).mean_pair_cosine
    centred = anisotropy(postprocess(glove_5k, "centre")).mean_pair_cosine
    abtt = anisotropy(postprocess(glove_5k, "abtt", d=2)).mean_pair_cosine
    assert raw > 0.1 and abs(centred) < raw / 5 and abs(abtt) < raw / 5


def test_minilm_anisotropy_drops_after_abtt(minilm, glove):
    words = [w for w in glove.vocabulary[:1500] if w.isalpha()][:1000]
    x = minilm.encode(words)
    raw = anisotropy(x).mean_pair_cosine
    abtt = anisotropy(postprocess(x, "abtt")).mean_pair_cosine
    assert raw > 0.1 and abs(abtt) < raw / 5


# --- neighbours kept, continuity ---


def test_neighbours_kept_by_hand():
    full = np.array([[1, 2, 3], [0, 2, 3]])
    on_map = np.array([[3, 1, 4], [5, 6, 7]])
    assert neighbours_kept(full, on_map).tolist() == [2 / 3, 0]
    assert overlap(full, on_map).tolist() == [2 / 3, 0]
    assert neighbours_kept(full, full[:, :1]).tolist() == [1 / 3, 1 / 3]
    with pytest.raises(InputError, match=r"same rows \(n, k\); got \(2, 3\) and \(1, 3\)"):
        overlap(full, on_map[:1])


def test_continuity_by_hand():
    x = np.array([[0], [1], [3], [6], [10], [15]], dtype=np.float32)  # no tied distances
    assert continuity(x, x, 1, metric="euclidean") == 1.0
    # The map swaps where 0 and 5 lie. True nearest: 0→1, 1→0, 2→1, 3→2, 4→3, 5→4. On the map
    # 1 is 0's 4th nearest (penalty 4 − 1 = 3), 0 is 1's 5th (4), 4 is 5's 4th (3); the rest
    # keep theirs first. Continuity = 1 − 2 · 10 / (n k (2n − 3k − 1)) = 1 − 20 / 48.
    coords = np.array([[15], [1], [3], [6], [10], [0]], dtype=np.float64)
    assert continuity(x, coords, 1, metric="euclidean") == pytest.approx(1 - 20 / 48)


@pytest.mark.parametrize("metric", ["euclidean", "cosine"])
def test_continuity_is_sklearn_trustworthiness_with_the_roles_swapped(metric):
    x = _random(300, 10, seed=5)
    coords = x[:, :2].astype(np.float64) + _random(300, 2, seed=6)
    space = normalize_rows(x) if metric == "cosine" else x  # cosine ranks = unit euclidean
    expected = trustworthiness(coords, space, n_neighbors=7)
    assert continuity(x, coords, 7, metric=metric) == pytest.approx(expected, abs=1e-12)


def test_continuity_samples_large_sets():
    x = _random(900, 6, seed=7)
    coords = x[:, :2].astype(np.float64)
    rows = np.random.default_rng(0).choice(900, 300, replace=False)
    expected = trustworthiness(coords[rows], x[rows], n_neighbors=5)
    got = continuity(x, coords, 5, metric="euclidean", sample=300)
    assert got == pytest.approx(expected, abs=1e-12)
    assert np.isnan(continuity(x[:3], coords[:3], 1))
