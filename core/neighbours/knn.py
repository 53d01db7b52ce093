"""Every row's k nearest other rows at once: the k-nearest-neighbour graph, exact.

The work is done in row blocks (``block @ all.T``, then the k best of each row), so memory stays
near :data:`BLOCK_BYTES` whatever the number of rows. The cost is the all-pairs product, n² · d
multiply-adds, and one look at each of the n² scores. Measured on this project's 2-core machine
(bench `geometry`, one run each, other processes busy on 45% of the CPUs): 10,000 × 384 in
1.3 s; 100,000 × 50 (GloVe) in 53 s; 100,000 × 384 in 144–227 s, well over a minute (the
product alone is 3.8 · 10¹² multiply-adds): offer it as a long job, or on a sample. There is no
approximate index here on purpose: every figure it feeds (hubness, neighbours kept) is exact.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from core.errors import InputError
from core.progress import Progress
from core.vectors import as_matrix, check_metric, normalize_rows

BLOCK_BYTES = 128 * 2**20
# Per score held at once: the float32 block and the boolean mask of candidates (see _best).
_BYTES_PER_SCORE = 5


def check_k(k, n: int, name: str = "k") -> int:
    """k as an int from 1 to n - 1, or an InputError saying why not."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k < n:
        raise InputError(
            f"{name} must be a whole number from 1 to {n - 1} for {n} rows (each row's "
            f"neighbours are the other rows); got {name}={k!r}."
        )
    return int(k)


def block_rows(n: int) -> int:
    """How many rows a block takes so that a block of scores against all n rows fits."""
    return max(1, min(n, BLOCK_BYTES // (_BYTES_PER_SCORE * max(n, 1))))


def knn_graph(
    vectors, k: int, metric: str = "cosine", progress: Progress | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """For every row, its k nearest other rows (itself left out), best first, ties by row id.

    Parameters
    ----------
    vectors : array (n, d)
    k : int
        Neighbours per row, from 1 to n - 1.
    metric : "cosine", "dot" or "euclidean"
        Scores: cosine similarity and dot product (higher is nearer), distance (lower is nearer).
    progress : callable (done_rows, total_rows), optional
        Called after each block.

    Returns
    -------
    ids : int32 array (n, k)
    scores : float32 array (n, k)

    Raises
    ------
    InputError
        Bad metric, matrix, or k outside 1 … n - 1.
    """
    check_metric(metric)
    x = as_matrix(vectors, min_rows=2)
    k = check_k(k, len(x))
    rows = normalize_rows(x) if metric == "cosine" else x
    if metric != "euclidean":
        return top_k_blocks(
            len(rows), k, lambda a, b, out: np.matmul(rows[a:b], rows.T, out=out), progress=progress
        )
    sq = np.einsum("ij,ij->i", x, x)

    def squared(a: int, b: int, out: np.ndarray) -> np.ndarray:
        # Ranks by the expanded square; the returned distances are recomputed directly below.
        np.matmul(x[a:b], x.T, out=out)
        out *= -2
        out += sq[None, :]
        out += sq[a:b, None]
        return out

    ids, _ = top_k_blocks(len(x), k, squared, higher=False, progress=progress)
    return _exact_distances(x, ids)


def _exact_distances(x: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distances to the chosen neighbours from the differences themselves (float64: the
    expanded square loses digits when vectors are long and close), re-sorted by them."""
    dist = np.empty(ids.shape, dtype=np.float64)
    step = max(1, BLOCK_BYTES // (8 * ids.shape[1] * x.shape[1]))
    for a in range(0, len(x), step):
        diff = x[a : a + step, None, :].astype(np.float64) - x[ids[a : a + step]]
        dist[a : a + step] = np.sqrt(np.einsum("ijk,ijk->ij", diff, diff))
    order = np.lexsort((ids, dist), axis=1)
    ids, dist = np.take_along_axis(ids, order, 1), np.take_along_axis(dist, order, 1)
    return ids, dist.astype(np.float32)


def top_k_blocks(
    n: int,
    k: int,
    block: Callable[[int, int, np.ndarray], np.ndarray],
    *,
    higher: bool = True,
    progress: Progress | None = None,
    step: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The k best columns of every row of an n × n score matrix given block by block.

    ``block(a, b, out)`` returns rows a … b-1 of the scores (shape (b - a, n)), written into the
    float32 buffer ``out`` when it can (fresh arrays this size cost page faults every block).
    The diagonal (a row against itself) is left out. Best first, ties by column; NaN last.
    ``step``: rows per block, :func:`block_rows` unless a block needs more temporary memory.
    Returns (ids int32 (n, k), scores float32 (n, k)).
    """
    ids = np.empty((n, k), dtype=np.int32)
    scores = np.empty((n, k), dtype=np.float32)
    step = step or block_rows(n)
    buf = np.empty((step, n), dtype=np.float32)
    for a in range(0, n, step):
        b = min(n, a + step)
        s = block(a, b, buf[: b - a])
        if not higher:
            np.negative(s, out=s)
        s[np.arange(b - a), np.arange(a, b)] = -np.inf  # never chosen: k < n
        ids[a:b] = _best(s, k)
        scores[a:b] = np.take_along_axis(s, ids[a:b], 1)
        if not higher:
            scores[a:b] *= -1
        if progress is not None:
            progress(b, n)
    return ids, scores


_GROUP = 64  # columns per group when bounding each row's k-th best score (see _best)


def _best(s: np.ndarray, k: int) -> np.ndarray:
    """Column ids of the k largest scores of each row, largest first, ties by column.

    A full partial sort of every row reads and reorders 10¹⁰ scores for 100,000 rows. Instead:
    the k-th largest of the maxima of disjoint column groups is a lower bound on the k-th
    largest score, so the k best are among the scores at or above it, usually about k of
    them; only those are sorted. Ties at the k-th place are all kept, so ties go by column.
    """
    rows, n = s.shape
    groups = n // _GROUP
    if groups < k:
        return _best_by_sort(s, k)
    # Strided groups (column j belongs to group j % groups): an elementwise max of contiguous
    # rows, several times faster than reducing short contiguous runs.
    maxima = s[:, : groups * _GROUP].reshape(rows, _GROUP, groups).max(axis=1)
    maxima = np.concatenate([maxima, s[:, groups * _GROUP :]], axis=1)
    bound = -np.partition(-maxima, k - 1, axis=1)[:, k - 1]
    r, c = np.nonzero(s >= bound[:, None])  # row-major: grouped by row
    counts = np.bincount(r, minlength=rows)
    if (counts < k).any():  # NaN bounds: sort those rows fully
        return _best_by_sort(s, k)
    order = np.lexsort((c, -s[r, c], r))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    take = starts[:, None] + np.arange(k)
    return c[order][take]


def _best_by_sort(s: np.ndarray, k: int) -> np.ndarray:
    key = np.nan_to_num(-s, nan=np.inf)
    return np.argsort(key, axis=1, kind="stable")[:, :k]
