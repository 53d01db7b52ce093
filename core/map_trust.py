"""Where a map lies: for each point, the share of its k nearest neighbours in the full space that
are also among its k nearest on the map (1 = the map keeps them all, 0 = none).

The full space's neighbours come from :func:`core.knn.knn_graph` (exact, in blocks, with
progress); the map's from a k-d tree over its 2 or 3 coordinates (sklearn), which is fast at any
size. Both exclude the point itself.
"""

from __future__ import annotations

import numpy as np
from sklearn.neighbors import NearestNeighbors

from core.errors import InputError
from core.geometry import neighbours_kept
from core.knn import knn_graph
from core.models import Progress


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
