"""Pairwise similarity, an ordering that shows clusters as blocks, and the extreme pairs."""

from __future__ import annotations

import numpy as np

from core.vectors import as_matrix, check_metric, normalize_rows


def similarity_matrix(vectors, *, metric: str = "cosine") -> np.ndarray:
    """Pairwise matrix (n, n), float64.

    cosine → cosine similarity in [-1, 1]; dot → dot products; euclidean → distances (0 on the
    diagonal; lower means more similar).
    """
    check_metric(metric)
    v = as_matrix(vectors, min_rows=1).astype(np.float64)
    if metric == "cosine":
        u = normalize_rows(v)
        m = u @ u.T
        return np.clip(m, -1.0, 1.0)
    if metric == "dot":
        return v @ v.T
    sq = np.einsum("ij,ij->i", v, v)
    d2 = sq[:, None] + sq[None, :] - 2 * (v @ v.T)
    d = np.sqrt(np.maximum(d2, 0))
    np.fill_diagonal(d, 0.0)
    return d


def block_order(matrix: np.ndarray, *, higher_is_similar: bool = True) -> np.ndarray:
    """Row order that puts similar items next to each other (average-linkage leaf order)."""
    n = len(matrix)
    if n < 3:
        return np.arange(n)
    from scipy.cluster.hierarchy import leaves_list, linkage, optimal_leaf_ordering
    from scipy.spatial.distance import squareform

    m = np.asarray(matrix, dtype=np.float64)
    dist = (m.max() - m) if higher_is_similar else m.copy()
    dist = (dist + dist.T) / 2
    np.fill_diagonal(dist, 0.0)
    condensed = squareform(np.maximum(dist, 0), checks=False)
    z = linkage(condensed, method="average")
    return leaves_list(optimal_leaf_ordering(z, condensed))


def extreme_pairs(
    matrix: np.ndarray, *, n: int = 5, higher_is_similar: bool = True
) -> tuple[list[tuple[int, int, float]], list[tuple[int, int, float]]]:
    """The n most and n least similar pairs (i < j) as (i, j, value) lists."""
    m = np.asarray(matrix)
    i, j = np.triu_indices(len(m), k=1)
    vals = m[i, j]
    order = np.argsort(-vals if higher_is_similar else vals, kind="stable")
    pairs = [(int(i[o]), int(j[o]), float(vals[o])) for o in order]
    n = min(n, len(pairs))
    return pairs[:n], pairs[::-1][:n]
