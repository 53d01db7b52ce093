"""Projection of vectors to 2 or 3 dimensions for a map: PCA, t-SNE (openTSNE) or UMAP, all behind
one function, :func:`project`, and deterministic for a given ``random_state``.

Parameters of each method (all optional, passed as keywords to :func:`project`):

- ``tsne``: ``perplexity`` (float, default min(30, (n-1)/3); must stay below (n-1)/3, since each
  point needs 3×perplexity neighbours), ``n_iter`` (int, default 500, 250–2000).
- ``umap``: ``n_neighbors`` (int, default min(15, n-1); 2 ≤ n_neighbors < n), ``min_dist``
  (float, default 0.1, 0–1).
- ``pca``: none.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from core.errors import InputError
from core.progress import Report, Steps, tqdm_kwds, tsne_callback
from core.project.placement import sample_and_place
from core.project.umap_code import import_umap
from core.vectors import as_matrix, normalize_rows

PROJECTION_METRICS = ("cosine", "euclidean")
# Part of the key of projections stored on disk: change it whenever a method's output changes for
# the same inputs (2: t-SNE's FFT grid of 2 map units; 3: UMAP above PLACE_ABOVE points is
# fitted on a sample, the rest placed), so no map from older code is served.
VERSION = 3
PLACE_ABOVE = (
    100_000  # UMAP of more points: fitted on a sample, the rest placed (core.project.placement)
)


def project(
    vectors,
    *,
    method: str = "umap",
    n_components: int = 2,
    metric: str = "cosine",
    random_state: int = 0,
    progress: Report | None = None,
    **params,
) -> np.ndarray:
    """Coordinates (n, n_components), float32, for a map of the rows of ``vectors``.

    ``progress(fraction, message)``, if given, hears how far t-SNE and UMAP are (their
    neighbour search, then every few iterations of the layout).

    UMAP of more than ``PLACE_ABOVE`` points is fitted on a random sample of
    ``core.project.placement.DEFAULT_SAMPLE`` and places the rest with the fitted model's transform.

    One to three rows cannot be meaningfully embedded by t-SNE or UMAP: they are laid out exactly
    (their pairwise geometry by PCA, extra axes zero), whatever the method.

    Raises
    ------
    InputError
        Unknown method or metric, n_components not 2 or 3, a parameter out of range for the data.
    """
    if method not in _METHODS:
        raise InputError(
            f"Unknown projection method: {method!r}. Must be one of: {list(_METHODS)}."
        )
    if n_components not in (2, 3):
        raise InputError(f"n_components must be 2 or 3; got {n_components!r}.")
    if metric not in PROJECTION_METRICS:
        raise InputError(
            f"Projections support the metrics {list(PROJECTION_METRICS)}; got {metric!r}."
        )
    v = as_matrix(vectors, min_rows=1)
    allowed = _PARAMS[method]
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise InputError(
            f"Unknown parameter(s) for {method}: {unknown}. Allowed: {sorted(allowed) or 'none'}."
        )
    if metric == "cosine":
        v = normalize_rows(v)
    if len(v) <= 3:
        return _exact_small(v, n_components)
    if method == "umap" and len(v) > PLACE_ABOVE:
        coords, _ = sample_and_place(v, n_components=n_components, metric=metric,
                                     random_state=random_state, progress=progress, **params)  # fmt: skip
        return coords
    coords = _METHODS[method](v, n_components, metric, random_state, progress, **params)
    return coords.astype(np.float32)


def _exact_small(v: np.ndarray, n_components: int) -> np.ndarray:
    centred = v.astype(np.float64) - v.mean(axis=0)
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    coords = np.zeros((len(v), n_components))
    m = min(n_components, len(s))
    coords[:, :m] = u[:, :m] * s[:m]
    # SVD signs are arbitrary: fix them so the layout is the same every time.
    signs = np.sign(coords[np.argmax(np.abs(coords), axis=0), range(n_components)])
    return (coords * np.where(signs == 0, 1, signs)).astype(np.float32)


def _pca(v, n_components, metric, random_state, progress=None) -> np.ndarray:
    from sklearn.decomposition import PCA

    k = min(n_components, v.shape[1], len(v))
    coords = PCA(n_components=k, random_state=random_state).fit_transform(v)
    if k < n_components:
        coords = np.hstack([coords, np.zeros((len(v), n_components - k))])
    return coords


_FFT_FROM = 5000


def default_perplexity(n: int) -> float:
    return float(max(1.0, min(30.0, (n - 1) / 3)))


def expected_seconds(method: str, n: int, n_components: int = 2) -> float | None:
    """Roughly how long :func:`project` takes for n points on 2 CPU cores, from this machine's
    measurements (bench/results.md), or None where nothing was measured (3D t-SNE).
    For a progress message, not a promise: the same run varies by up to 2× here."""
    if method == "pca":
        return 0.2 + n / 500_000
    if method == "tsne":
        if n_components != 2:
            return None
        if n >= _FFT_FROM:  # 10k: 9.5 s, 30k: ~23 s, 50k: ~36 s, 100k: ~120 s
            return 2.5 + 0.7 * n / 1000 * (1 + 0.7 * np.log10(max(n, 10_000) / 10_000))
        return 0.3 + 2.2 * n / 1000  # Barnes-Hut: 1k: 2-4 s, 5k: 11 s
    if method == "umap":  # 1k: 1.5 s, 5k: 3-4 s, 20k: 5-7 s, 30k: ~14 s
        return 1.0 + 0.4 * n / 1000
    return None


def _tsne(
    v, n_components, metric, random_state, progress=None, perplexity=None, n_iter=500
) -> np.ndarray:
    n = len(v)
    limit = (n - 1) / 3
    if perplexity is None:
        perplexity = default_perplexity(n)
    elif not (isinstance(perplexity, (int, float)) and 0 < perplexity <= max(limit, 1.0)):
        raise InputError(
            f"perplexity must be between 0 and {max(limit, 1.0):.1f} for {n} points (got "
            f"perplexity={perplexity!r} with {n} points): lower it or add items."
        )
    if not (isinstance(n_iter, int) and 250 <= n_iter <= 5000):
        raise InputError(f"n_iter must be a whole number from 250 to 5000; got {n_iter!r}.")
    from openTSNE import TSNE

    # Shares of the time measured here: the affinities take about a fifth of a large map.
    steps = Steps(progress, [("finding neighbours", 0.2), ("laying out the map", 0.8)])
    every = 10
    tsne = TSNE(
        n_components=n_components,
        perplexity=float(perplexity),
        metric=metric,
        n_iter=n_iter,
        random_state=random_state,
        # FFT interpolation has a fixed cost of seconds per run (measured 8-9 s for 90 points) and
        # only exists for 1-2 dimensions; Barnes-Hut is faster below a few thousand points.
        negative_gradient_method="fft" if n_components <= 2 and n >= _FFT_FROM else "bh",
        neighbors="exact" if n < 1000 else "auto",
        # A grid interval of 2 map units instead of openTSNE's 1: the FFT grid has a quarter of the
        # nodes, so 10,000 points take 8.5 s instead of 24-42 s here, for a map of the same
        # quality (GloVe top 10k: trustworthiness 0.948 both; true 10-NN kept 41.4% vs 42.0%).
        ints_in_interval=2,
        # openTSNE's worker threads spin while waiting: on 2 busy cores small maps ran 5-40x slower
        # with n_jobs=-1 (60 points: 14.6 s against 0.35 s) than with one thread.
        n_jobs=1 if n < 1000 else -1,
        verbose=False,
        callbacks=tsne_callback(steps, 1, 250 + n_iter, every) if progress else None,
        callbacks_every_iters=every,
    )
    steps.step(0)
    return np.asarray(tsne.fit(v.astype(np.float64)))


def _umap(
    v, n_components, metric, random_state, progress=None, n_neighbors=None, min_dist=0.1
) -> np.ndarray:
    n = len(v)
    if n_neighbors is None:
        n_neighbors = min(15, n - 1)
    elif (
        isinstance(n_neighbors, bool)
        or not isinstance(n_neighbors, (int, np.integer))
        or not 2 <= n_neighbors < n
    ):
        raise InputError(
            f"n_neighbors must be a whole number from 2 to {n - 1} for {n} points (got "
            f"n_neighbors={n_neighbors!r}): lower it or add items."
        )
    if not (isinstance(min_dist, (int, float)) and 0 <= min_dist <= 1):
        raise InputError(f"min_dist must be between 0 and 1; got {min_dist!r}.")
    umap = import_umap()
    steps = Steps(progress, [("finding neighbours", 0.35), ("laying out the map", 0.65)])
    reducer = umap.UMAP(
        n_components=n_components,
        n_neighbors=int(n_neighbors),
        min_dist=float(min_dist),
        metric=metric,
        random_state=random_state,
        # spectral initialisation fails on tiny or disconnected graphs
        init="spectral" if n > 2 * (n_components + 1) + n_neighbors else "random",
        n_jobs=1,
        tqdm_kwds=tqdm_kwds(steps, 1) if progress else None,
    )
    steps.step(0)
    return reducer.fit_transform(v)


_METHODS: dict[str, Callable[..., np.ndarray]] = {"pca": _pca, "tsne": _tsne, "umap": _umap}
_PARAMS = {"pca": set(), "tsne": {"perplexity", "n_iter"}, "umap": {"n_neighbors", "min_dist"}}
METHODS = tuple(_METHODS)
