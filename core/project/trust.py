"""Where a map lies: for each point, the share of its k nearest neighbours in the full space that
are also among its k nearest on the map (1 = the map keeps them all, 0 = none).

The full space's neighbours come from :func:`core.neighbours.knn.knn_graph` (exact, in blocks, with
progress); the map's from a k-d tree over its 2 or 3 coordinates (sklearn), which is fast at any
size. Both exclude the point itself.
"""

from __future__ import annotations

import numpy as np
from sklearn.neighbors import NearestNeighbors

from core.errors import InputError
from core.geometry.shape import neighbours_kept
from core.neighbours.knn import knn_graph
from core.progress import Progress
from core.vectors import as_matrix


def map_neighbours(coords, k: int) -> np.ndarray:
    """Each point's k nearest other points on the map (ids (n, k), nearest first)."""
    xy = np.asarray(coords, dtype=np.float64)
    n = len(xy)
    if not 1 <= k < n:
        raise InputError(f"k must be from 1 to {n - 1} for {n} points; got {k}.")
    _, ids = NearestNeighbors(n_neighbors=k + 1).fit(xy).kneighbors(xy)
    rows = np.arange(n)[:, None]
    is_self = ids == rows
    # Each row lists itself once, usually first (not when points coincide): drop that entry,
    # or the last one when the point itself fell outside its own list of k + 1.
    drop = np.where(is_self.any(axis=1), is_self.argmax(axis=1), k)
    keep = np.ones_like(ids, dtype=bool)
    keep[np.arange(n), drop] = False
    return ids[keep].reshape(n, k).astype(np.int32)


def kept_on_map(
    vectors, coords, k: int = 10, metric: str = "cosine", progress: Progress | None = None
) -> np.ndarray:
    """Per point, the share of its k nearest in the full space that are near it on the map."""
    full, _ = knn_graph(vectors, k, metric, progress=progress)
    return neighbours_kept(full, map_neighbours(coords, k))


def trustworthiness(
    vectors,
    coords,
    *,
    n_neighbors: int = 5,
    metric: str = "cosine",
    sample: int = 2000,
    random_state: int = 0,
) -> float:
    """How well the map keeps each point's nearest neighbours (sklearn's trustworthiness, 0–1;
    1 means no point on the map has a neighbour that is not near it in the original space).

    Large sets are scored on a random sample of ``sample`` rows. Returns nan below 4 points.
    """
    from sklearn.manifold import trustworthiness as _tw

    v = as_matrix(vectors)
    c = np.asarray(coords, dtype=np.float64)
    n = len(v)
    if n < 4:
        return float("nan")
    if n > sample:
        rows = np.random.default_rng(random_state).choice(n, sample, replace=False)
        v, c = v[rows], c[rows]
        n = sample
    k = max(1, min(n_neighbors, (n - 1) // 2 - 1 if n > 4 else 1))
    return float(_tw(v, c, n_neighbors=k, metric=metric))
