"""core.project.projection: PCA, t-SNE and UMAP behind project(), and trustworthiness."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.errors import InputError
from core.project.projection import METHODS, default_perplexity, project
from core.project.trust import trustworthiness

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def blobs() -> tuple[np.ndarray, np.ndarray]:
    """60 points in 3 well-separated groups of 20, in 16 dimensions; and their group labels."""
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 16)) * 6
    labels = np.repeat(np.arange(3), 20)
    return (centres[labels] + rng.normal(size=(60, 16))).astype(np.float32), labels


@pytest.fixture(scope="module")
def umap_maps(blobs) -> dict[int, np.ndarray]:
    """UMAP maps of the blobs in 2 and 3 dimensions, computed once: UMAP's first call in a process
    compiles its numba code (about 15 s)."""
    vectors, _ = blobs
    return {n: project(vectors, method="umap", n_components=n, random_state=7) for n in (2, 3)}


def _groups_stay_apart(coords: np.ndarray, labels: np.ndarray) -> bool:
    """Every point is nearer its own group's centre than any other group's."""
    centres = np.stack([coords[labels == g].mean(axis=0) for g in np.unique(labels)])
    dist = np.linalg.norm(coords[:, None, :] - centres[None], axis=2)
    return bool((dist.argmin(axis=1) == labels).all())


# --- every method ---------------------------------------------------------------------------


@pytest.mark.parametrize("n_components", [2, 3])
@pytest.mark.parametrize(
    ("method", "params"),
    [("pca", {}), ("tsne", {"n_iter": 250}), ("tsne", {"perplexity": 5.0, "n_iter": 300})],
)
def test_fast_methods_give_deterministic_float32_maps(blobs, method, params, n_components):
    vectors, labels = blobs
    a = project(vectors, method=method, n_components=n_components, random_state=3, **params)
    b = project(vectors, method=method, n_components=n_components, random_state=3, **params)
    assert a.shape == (60, n_components)
    assert a.dtype == np.float32
    assert np.isfinite(a).all()
    np.testing.assert_array_equal(a, b)
    assert _groups_stay_apart(a, labels)


@pytest.mark.slow
@pytest.mark.parametrize("n_components", [2, 3])
def test_umap_gives_deterministic_float32_maps(blobs, umap_maps, n_components):
    vectors, labels = blobs
    a = umap_maps[n_components]
    b = project(vectors, method="umap", n_components=n_components, random_state=7)
    assert a.shape == (60, n_components)
    assert a.dtype == np.float32
    assert np.isfinite(a).all()
    np.testing.assert_array_equal(a, b)
    assert _groups_stay_apart(a, labels)


@pytest.mark.slow
def test_umap_accepts_its_parameters(blobs, umap_maps):
    vectors, _ = blobs
    coords = project(vectors, method="umap", n_neighbors=5, min_dist=0.5, metric="euclidean")
    assert coords.shape == (60, 2)
    assert np.isfinite(coords).all()
    small = project(vectors[:6], method="umap", n_neighbors=5)  # n_neighbors = n - 1
    assert small.shape == (6, 2)
    assert np.isfinite(small).all()


def test_tsne_with_default_parameters(blobs):
    vectors, labels = blobs
    coords = project(vectors, method="tsne")
    assert coords.shape == (60, 2)
    assert _groups_stay_apart(coords, labels)


def test_pca_keeps_the_main_axis():
    line = np.outer(np.linspace(-5, 5, 40), np.ones(16)) + 1e-3 * np.random.default_rng(1).normal(
        size=(40, 16)
    )
    coords = project(line, method="pca", metric="euclidean")
    # the points lie on one line, so the first axis carries them in order and the second nothing
    assert abs(np.corrcoef(coords[:, 0], np.arange(40))[0, 1]) > 0.999
    assert np.abs(coords[:, 1]).max() < 0.01 * np.abs(coords[:, 0]).max()


def test_pca_pads_with_zeros_when_there_are_fewer_dimensions_than_axes():
    one_column = np.arange(10, dtype=np.float32)[:, None]
    coords = project(one_column, method="pca", n_components=3, metric="euclidean")
    assert coords.shape == (10, 3)
    assert (coords[:, 1:] == 0).all()


def test_different_random_states_give_different_tsne_maps(blobs):
    vectors, _ = blobs
    a = project(vectors, method="tsne", n_iter=250, random_state=1)
    b = project(vectors, method="tsne", n_iter=250, random_state=2)
    assert not np.allclose(a, b)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("n_points", [1, 2, 3])
@pytest.mark.parametrize("n_components", [2, 3])
def test_one_to_three_points_are_laid_out_exactly(method, n_points, n_components):
    rng = np.random.default_rng(n_points)
    vectors = rng.normal(size=(n_points, 8)).astype(np.float32)
    coords = project(vectors, method=method, n_components=n_components, metric="euclidean")
    assert coords.shape == (n_points, n_components)
    assert coords.dtype == np.float32
    assert np.isfinite(coords).all()
    # distances between the points are kept exactly
    d_in = np.linalg.norm(vectors[:, None] - vectors[None], axis=2)
    d_out = np.linalg.norm(coords[:, None] - coords[None], axis=2)
    np.testing.assert_allclose(d_out, d_in, atol=1e-4)


def test_identical_points_are_laid_out_without_nan():
    coords = project(np.ones((3, 4)), method="pca")
    assert coords.shape == (3, 2)
    assert np.isfinite(coords).all()


def test_default_perplexity_stays_below_a_third_of_the_points():
    assert default_perplexity(1000) == 30.0
    assert default_perplexity(31) == 10.0
    assert default_perplexity(4) == 1.0


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (
            {"method": "mds"},
            r"Unknown projection method: 'mds'\. Must be one of: \['pca', 'tsne', 'umap'\]",
        ),
        ({"n_components": 4}, r"n_components must be 2 or 3; got 4"),
        ({"n_components": 1}, r"n_components must be 2 or 3; got 1"),
        (
            {"metric": "dot"},
            r"Projections support the metrics \['cosine', 'euclidean'\]; got 'dot'",
        ),
        (
            {"method": "tsne", "perplexity": 30},
            r"perplexity must be between 0 and 3\.0 for 10 points \(got perplexity=30",
        ),
        (
            {"method": "tsne", "perplexity": 0},
            r"perplexity must be between 0 and 3\.0.*got perplexity=0",
        ),
        (
            {"method": "tsne", "n_iter": 10},
            r"n_iter must be a whole number from 250 to 5000; got 10",
        ),
        (
            {"method": "umap", "n_neighbors": 10},
            r"n_neighbors must be a whole number from 2 to 9 for 10 points \(got n_neighbors=10\)",
        ),
        ({"method": "umap", "n_neighbors": 1}, r"n_neighbors must be .* \(got n_neighbors=1\)"),
        (
            {"method": "umap", "n_neighbors": 2.5},
            r"n_neighbors must be .* \(got n_neighbors=2\.5\)",
        ),
        ({"method": "umap", "min_dist": 2}, r"min_dist must be between 0 and 1; got 2"),
        (
            {"method": "pca", "perplexity": 5},
            r"Unknown parameter\(s\) for pca: \['perplexity'\]\. Allowed: none",
        ),
        (
            {"method": "umap", "perplexity": 5},
            r"Unknown parameter\(s\) for umap: \['perplexity'\]\. Allowed: \['min_dist', 'n_neighbors'\]",
        ),
        (
            {"method": "tsne", "n_neighbours": 5},
            r"Unknown parameter\(s\) for tsne: \['n_neighbours'\]",
        ),
    ],
)
def test_bad_options_raise_input_errors_that_say_what_to_do(kwargs, match):
    vectors = np.random.default_rng(0).normal(size=(10, 5))
    with pytest.raises(InputError, match=match):
        project(vectors, **kwargs)


@pytest.mark.parametrize(
    ("vectors", "match"),
    [
        (
            [[0.0, 1.0], [np.nan, 2.0], [1.0, 1.0], [2.0, np.inf]],
            r"NaN or infinite values in 2 row\(s\)",
        ),
        (np.zeros((0, 5)), r"need at least 1 rows; got 0"),
        (np.zeros((5, 0)), r"have no dimensions \(shape \(5, 0\)\)"),
        (np.zeros(5), r"must be a 2-D table .* got 1 dimensions"),
        ([[1.0, 2.0], [3.0]], r"must be numbers in a table of equal-length rows"),
        ([["a", "b"]], r"must be numbers in a table of equal-length rows"),
        ([[3e38, 1.0], [0.0, 1.0]], r"values as large as 3e\+38.*Rescale them"),
    ],
)
def test_bad_vectors_raise_input_errors(vectors, match):
    with pytest.raises(InputError, match=match):
        project(vectors, method="pca")


# --- trustworthiness ------------------------------------------------------------------------


def test_trustworthiness_is_high_for_pca_of_flat_data_and_lower_for_noise(blobs):
    vectors, _ = blobs
    good = trustworthiness(vectors, project(vectors, method="pca"))
    rng = np.random.default_rng(0)
    random = trustworthiness(vectors, rng.normal(size=(60, 2)))
    assert 0.0 <= random < good <= 1.0
    exact = trustworthiness(vectors, vectors, metric="euclidean")
    assert exact == pytest.approx(1.0)


def test_trustworthiness_samples_large_sets():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(300, 5))
    score = trustworthiness(vectors, vectors[:, :2], sample=100)
    assert 0.0 <= score <= 1.0


@pytest.mark.parametrize("n", [0, 1, 2, 3])
def test_trustworthiness_is_nan_below_four_points(n):
    vectors = np.ones((n, 3))
    assert np.isnan(trustworthiness(vectors, np.ones((n, 2))))


@pytest.mark.parametrize("n", [4, 5, 6, 12])
def test_trustworthiness_works_from_four_points(n):
    vectors = np.random.default_rng(n).normal(size=(n, 6))
    score = trustworthiness(vectors, project(vectors, method="pca"))
    assert 0.0 <= score <= 1.0


def test_background_warm_up_waits_for_after_and_survives_its_failure():
    """The app passes "the default model has loaded" as ``after``: the warm-up must start only
    once it returns, and still run when it fails (a model error is the page's to show)."""
    code = (
        "from core.project import umap_code as projection\n"
        "seen = []\n"
        "def after():\n"
        "    seen.append(projection.is_warm())\n"
        "    raise RuntimeError('the model could not load')\n"
        "thread = projection.warm_up_in_background(large=False, after=after)\n"
        "assert projection.warm_up_in_background() is thread  # once per process\n"
        "thread.join(240)\n"
        "print(seen, projection.is_warm())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[False] True"


@pytest.mark.slow
def test_large_tsne_takes_the_fft_path_and_keeps_neighbourhoods(glove):
    """From 5,000 points t-SNE uses FFT gradients on a grid of 2 map units per interval (4× fewer
    grid nodes than openTSNE's default, for speed); the map must still keep neighbourhoods."""
    from core.io.datasets import glove_top

    words = glove_top(6000).texts
    vectors = glove.encode(words)
    coords = project(vectors, method="tsne", n_iter=250)
    assert coords.shape == (6000, 2) and np.isfinite(coords).all()
    assert trustworthiness(vectors, coords) > 0.9
    # numbers sit together: the map neighbours of "three" are mostly number words
    i = words.index("three")
    near = np.argsort(np.linalg.norm(coords - coords[i], axis=1))[1:11]
    numbers = {"one", "two", "four", "five", "six", "seven", "eight", "nine", "ten", "zero"}
    assert len(numbers & {words[j] for j in near}) >= 5, [words[j] for j in near]


def test_expected_seconds_grow_with_the_points_and_match_the_measured_ones():
    from core.project.projection import expected_seconds

    for method in METHODS:
        small, big = expected_seconds(method, 1_000), expected_seconds(method, 50_000)
        assert 0 < small < big, method
    assert 5 <= expected_seconds("tsne", 10_000) <= 20  # measured 9.5 s
    assert 100 <= expected_seconds("tsne", 100_000) <= 150  # measured ~120 s (issue 10)
    assert expected_seconds("umap", 1_000) < 5  # measured 1.5 s
    assert expected_seconds("pca", 100_000) < 1  # measured 0.17 s
    assert expected_seconds("tsne", 5_000, 3) is None  # never measured: no guess
