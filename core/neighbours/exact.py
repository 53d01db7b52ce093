"""Nearest neighbours in the original (high-dimensional) space, exact."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from core.errors import InputError
from core.vectors import as_matrix, check_metric

# What a score is called under each metric (tables, the map's list).
SCORE_NAMES = {
    "cosine": "cosine similarity", "dot": "dot product", "euclidean": "distance",
    "csls": "CSLS score", "mp": "mutual proximity",
}  # fmt: skip


@dataclass(frozen=True)
class Neighbour:
    """One neighbour: its row, and its score under the metric (see :func:`nearest`)."""

    index: int
    score: float


def scores(vectors: np.ndarray, query: np.ndarray, metric: str) -> np.ndarray:
    """Score of every row against one query vector.

    cosine → cosine similarity (higher is nearer); dot → dot product (higher is nearer);
    euclidean → distance (lower is nearer).
    """
    if metric == "dot":
        return vectors @ query
    if metric == "cosine":
        qn = float(np.linalg.norm(query)) or 1.0
        norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))
        return (vectors @ query) / (np.where(norms == 0, 1, norms) * qn)
    sq = np.einsum("ij,ij->i", vectors, vectors) - 2 * (vectors @ query) + float(query @ query)
    return np.sqrt(np.maximum(sq, 0))


def nearest(
    vectors,
    query: int | np.ndarray,
    *,
    k: int = 10,
    metric: str = "cosine",
    exclude: Iterable[int] = (),
) -> list[Neighbour]:
    """The k rows nearest to a query, best first.

    Parameters
    ----------
    vectors : array (n, d)
    query : int or array (d,)
        A row index (that row is left out of its own neighbours) or a vector.
    k : int
        How many neighbours, at least 1; fewer come back when fewer rows remain.
    metric : "cosine", "euclidean" or "dot"
    exclude : row indices to leave out.

    Raises
    ------
    InputError
        Bad k, metric, query index or query shape.
    """
    check_metric(metric)
    vectors = as_matrix(vectors, min_rows=1)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InputError(f"k must be a whole number of at least 1; got {k!r}.")
    skip = set(int(i) for i in exclude)
    if isinstance(query, (int, np.integer)) and not isinstance(query, bool):
        if not 0 <= query < len(vectors):
            raise InputError(f"Query row {query} is out of range: there are {len(vectors)} rows.")
        skip.add(int(query))
        q = vectors[int(query)]
    else:
        q = np.asarray(query, dtype=np.float32).ravel()
        if q.shape[0] != vectors.shape[1]:
            raise InputError(
                f"The query has {q.shape[0]} dimensions but the vectors have {vectors.shape[1]}."
            )
        if not np.isfinite(q).all():
            raise InputError("The query vector contains NaN or infinite values.")
    s = scores(vectors, q, metric).astype(np.float64)
    # Skipped rows are removed, not given the worst score: huge values (1e30) overflow float32
    # into inf or NaN scores, which would tie with or rank after that worst score.
    keep = np.ones(len(s), dtype=bool)
    keep[[i for i in skip if 0 <= i < len(s)]] = False
    rows = np.flatnonzero(keep)
    take = min(k, len(rows))
    if take <= 0:
        return []
    order_key = np.nan_to_num(s[rows] if metric == "euclidean" else -s[rows], nan=np.inf)
    top = np.argpartition(order_key, take - 1)[:take] if take < len(rows) else np.arange(len(rows))
    top = top[np.lexsort((rows[top], order_key[top]))]  # ties broken by row, for determinism
    return [Neighbour(int(i), float(s[i])) for i in rows[top]]
