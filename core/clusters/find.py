"""Clusters of a map found without choosing k, on the map's own coordinates, at up to three
levels, coarse to fine.

Three methods:

- ``"ward"`` (the default): cuts of one Ward tree at the numbers of clusters the map's
  silhouette prefers, no noise (:mod:`core.clusters.ward`, which also gives the measurements
  that made it the default: it agreed with known groups far better than the HDBSCAN levels);
- ``"hdbscan"``: density-based leaf levels with noise (below);
- ``"kmeans"``: one level of a chosen k.

How the HDBSCAN levels are made (the layering of Toponymy/DataMapPlot, on scikit-learn's HDBSCAN):

- one density estimate: ``min_samples = MIN_SAMPLES`` (2) for every level, so every level cuts
  the same hierarchy (the same minimum spanning tree);
- the finest level keeps HDBSCAN's *leaf* clusters with
  ``min_cluster_size = max(3, round(sqrt(n) / 2))`` (5 for 88 points, 50 for 10,000);
- each next, coarser level raises ``min_cluster_size`` to the 80th percentile of the sizes of the
  level below (``NEXT_SIZE_QUANTILE``), so each level has roughly a third as many clusters, and
  at least by one; a level that only repeats the one below is skipped and the size doubled (so
  nine equal blobs in three far groups still give a level of three);
- it stops after ``MAX_LEVELS`` (3) levels, when a level would find fewer than 2 clusters, or
  after ``MAX_FITS`` runs of HDBSCAN.

Why these choices (measured on the bundled labelled sets, November 2026): the map's UMAP
coordinates clustered as well as a separate 5-D UMAP (min_dist 0) and far better than the full
vectors (which left 40–70% as noise) or a PCA map; HDBSCAN's default *eom* selection returned
one cluster holding 85–98% of GloVe's 10,000-word map, where leaf levels read as regions. Every
fine cluster lay wholly inside one coarser cluster, or wholly in its noise, on every map tried
(the levels cut one tree). Noise is label -1.

Above ``FIT_AT_MOST`` points, HDBSCAN (quadratic here: 50,000 points take ~45 s) is fitted on a
random sample of that many and every other point takes the label of its nearest sampled point;
``n`` in the sizes above is then the sample's size.
"""

from __future__ import annotations

import numpy as np

from core.clusters.ward import assign_rest, sample_rows, ward_levels
from core.errors import InputError
from core.progress import Report
from core.vectors import as_matrix

METHODS = ("ward", "hdbscan", "kmeans")
MIN_ITEMS = 6  # two groups of MIN_SIZE: fewer can hold no split
MIN_SIZE = 3
MIN_SAMPLES = 2
NEXT_SIZE_QUANTILE = 0.8
MAX_LEVELS = 3
MAX_FITS = 8  # HDBSCAN runs per map at most (a level that repeats the one below is skipped)
FIT_AT_MOST = 10_000


def find_clusters(
    coords,
    *,
    method: str = "ward",
    k: int | None = None,
    random_state: int = 0,
    min_coarse: int = 1,
    progress: Report | None = None,
) -> list[np.ndarray]:
    """Cluster labels of the map's points, one int64 array per level, coarse first.

    Parameters
    ----------
    coords : array (n, 2) or (n, 3)
        The map's coordinates (clusters are regions of what the user sees).
    method : "ward", "hdbscan" or "kmeans"
        "ward" (default) finds 1–3 levels by itself, every point in a cluster (see
        :mod:`core.clusters.ward`); "hdbscan" finds 1–3 levels by itself, noise is -1.
        "kmeans" gives one level of exactly ``k`` clusters (Euclidean k-means on the coordinates,
        scikit-learn's KMeans with ``n_init=4``), with no noise.
    k : int, only for "kmeans"
        The number of clusters, 1 ≤ k ≤ n.
    random_state : int
        Seeds the sample of very large maps and k-means.
    min_coarse : int
        "ward": no level has fewer clusters than this (unless the map has too few points);
        "hdbscan": a coarsest level of fewer clusters is left out while a finer level remains
        (the app asks for 5: two or three names say little at the full view).
    progress : ``progress(fraction, message)``, optional

    Returns
    -------
    list of arrays (n,)
        Level 0 is the coarsest. All identical points: one level, one cluster.

    Raises
    ------
    InputError
        Unknown method, bad k, fewer than ``MIN_ITEMS`` points, coordinates that are not a map's
        2 or 3 columns, or no dense region at all (every point noise).
    """
    if method not in METHODS:
        raise InputError(f"Unknown clustering method: {method!r}. Must be one of: {list(METHODS)}.")
    xy = _check_coords(coords)
    n = len(xy)
    if method == "kmeans":
        return [_kmeans(xy, k, random_state)]
    if k is not None:
        raise InputError(
            f"{method!r} finds the number of clusters itself; got k={k!r}. "
            "Leave k out, or use method='kmeans' to choose it."
        )
    if n < MIN_ITEMS:
        raise InputError(
            f"Finding clusters needs at least {MIN_ITEMS} items (two groups of {MIN_SIZE}); "
            f"got {n}. Add items, or colour the map by another field."
        )
    if len(np.unique(xy, axis=0)) < 2:
        return [np.zeros(n, dtype=np.int64)]
    if method == "ward":
        levels = ward_levels(xy, min_coarse=min_coarse, random_state=random_state,
                             progress=progress)  # fmt: skip
        if progress:
            progress(1.0, f"{len(levels)} level(s) of clusters")
        return levels
    fit_rows = sample_rows(n, random_state, FIT_AT_MOST)
    fitted = xy if fit_rows is None else xy[fit_rows]
    levels = hdbscan_levels(fitted, progress=progress)
    while len(levels) > 1 and int(levels[-1].max()) + 1 < min_coarse:  # finest first here
        levels = levels[:-1]
    if fit_rows is not None:
        levels = assign_rest(xy, fit_rows, levels)
    if progress:
        progress(1.0, f"{len(levels)} level(s) of clusters")
    return levels[::-1]


def hdbscan_levels(xy: np.ndarray, *, progress: Report | None = None) -> list[np.ndarray]:
    """The HDBSCAN leaf levels of ``xy`` (float64, (n, dims)), finest first (see the module)."""
    n = len(xy)
    size = max(MIN_SIZE, round(np.sqrt(n) / 2))
    levels: list[np.ndarray] = []
    for _ in range(MAX_FITS):
        if len(levels) == MAX_LEVELS or size >= n:
            break
        if progress:
            progress(len(levels) / MAX_LEVELS, f"clusters of at least {size} points")
        labels = _leaf_labels(xy, size)
        found = int(labels.max()) + 1
        if found == 0 and not levels:
            raise InputError(
                f"No clusters found: HDBSCAN marks all {n} points as noise (the map has no region "
                "denser than the rest). Use method='kmeans' with a chosen k to split it anyway."
            )
        if found < 2 and levels:
            break
        repeated = bool(levels) and _same_partition(labels, levels[-1])
        if not repeated:
            levels.append(labels)
        if found < 2:
            break
        grown = int(np.quantile(np.bincount(labels[labels >= 0]), NEXT_SIZE_QUANTILE))
        size = max(grown, 2 * size if repeated else size + 1)
    return levels


def _leaf_labels(xy: np.ndarray, size: int) -> np.ndarray:
    from sklearn.cluster import HDBSCAN

    fitted = HDBSCAN(
        min_cluster_size=size, min_samples=MIN_SAMPLES, cluster_selection_method="leaf", copy=True
    ).fit(xy)
    return fitted.labels_.astype(np.int64)


def _same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    pairs = len(np.unique(np.stack([a, b]), axis=1).T)
    return pairs == len(np.unique(a)) == len(np.unique(b))


def _check_coords(coords) -> np.ndarray:
    xy = as_matrix(coords, name="map coordinates", min_rows=1)
    if xy.shape[1] > 3:
        raise InputError(
            f"Clusters are found on the map's 2 or 3 coordinates; got {xy.shape[1]} columns. "
            "Pass the map's coordinates (from project()), not the vectors."
        )
    return xy.astype(np.float64)


def _kmeans(xy: np.ndarray, k, random_state: int) -> np.ndarray:
    n = len(xy)
    if k is None or isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= n:
        raise InputError(
            f"k-means needs k, the number of clusters, between 1 and the number of items ({n}); "
            f"got {k!r}. Or use method='hdbscan', which finds the number itself."
        )
    from sklearn.cluster import KMeans

    fitted = KMeans(n_clusters=int(k), n_init=4, random_state=random_state).fit(xy)
    return fitted.labels_.astype(np.int64)
