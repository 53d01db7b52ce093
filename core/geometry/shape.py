"""The shape of an embedding space: hubness, anisotropy, post-processing, neighbours kept.

* Hubness (Radovanović et al. 2010): N_k(x), how many rows list x among their k nearest. Its
  distribution is right-skewed in high dimensions: a few hubs near everything, many anti-hubs
  (N_k = 0) near nothing.
* Anisotropy (Ethayarajh 2019): the mean cosine of random pairs; near 0 when directions are
  spread evenly, well above 0 when all vectors share a common direction.
* Post-processing that corrects it (:mod:`core.geometry.postprocess`): centring, and
  all-but-the-top (Mu & Viswanath 2018).
* Neighbours kept: how much of a row's neighbourhood survives a map or another setting, and
  Venna & Kaski's continuity (trustworthiness with the two spaces' roles swapped).

Hub-reducing re-ranking (CSLS, mutual proximity) lives in :mod:`core.neighbours.rerank`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.errors import InputError
from core.vectors import as_matrix, normalize_rows

__all__ = [
    "Anisotropy",
    "Hubness",
    "anisotropy",
    "continuity",
    "hubness",
    "k_occurrence",
    "neighbours_kept",
    "overlap",
]


def k_occurrence(ids: np.ndarray, n: int) -> np.ndarray:
    """N_k: for each of n rows, how many rows list it among their neighbours (``ids`` (n, k))."""
    ids = np.asarray(ids)
    if ids.size and (ids.min() < 0 or ids.max() >= n):
        raise InputError(f"Neighbour ids must be rows 0 to {n - 1}; got {ids.min()}…{ids.max()}.")
    return np.bincount(ids.ravel(), minlength=n)


@dataclass(frozen=True)
class Hubness:
    """N_k and its summary.

    counts: N_k per row; skewness: the standardised third moment of counts (population; 0 when
    every row has the same count); antihub_share: the share of rows with N_k = 0; hubs: the top
    rows by N_k as (row, count), ties by row.
    """

    k: int
    counts: np.ndarray
    skewness: float
    antihub_share: float
    hubs: list[tuple[int, int]]


def hubness(ids: np.ndarray, n: int, top: int = 10) -> Hubness:
    """Hubness of a k-nearest-neighbour graph (ids (n, k), e.g. from :func:`core.neighbours.knn.knn_graph`)."""
    ids = np.asarray(ids)
    if ids.ndim != 2 or ids.shape[1] < 1:
        raise InputError(f"ids must be a table of neighbour ids (n, k); got shape {ids.shape}.")
    counts = k_occurrence(ids, n)
    c = counts.astype(np.float64)
    spread = c - c.mean()
    var = float(np.mean(spread**2))
    skew = float(np.mean(spread**3) / var**1.5) if var > 0 else 0.0
    rows = np.lexsort((np.arange(n), -counts))[:top]
    return Hubness(
        k=int(ids.shape[1]),
        counts=counts,
        skewness=skew,
        antihub_share=float(np.mean(counts == 0)),
        hubs=[(int(r), int(counts[r])) for r in rows],
    )


@dataclass(frozen=True)
class Anisotropy:
    """mean_pair_cosine: the mean cosine over ``pairs`` pairs of distinct rows;
    mean_vector_ratio: ‖mean vector‖ / mean ‖v‖ (0: no common direction, 1: all equal)."""

    mean_pair_cosine: float
    mean_vector_ratio: float
    pairs: int


def anisotropy(vectors, pairs: int = 20_000, seed: int = 0) -> Anisotropy:
    """Anisotropy of a set of vectors, over ``pairs`` random pairs of distinct rows (seeded),
    or over all n(n − 1)/2 pairs when there are no more than that. Zero rows count as cosine 0.
    """
    x = as_matrix(vectors, min_rows=2)
    if isinstance(pairs, bool) or not isinstance(pairs, (int, np.integer)) or pairs < 1:
        raise InputError(f"pairs must be a whole number of at least 1; got {pairs!r}.")
    n = len(x)
    unit = normalize_rows(x).astype(np.float64)
    every = n * (n - 1) // 2
    if every <= pairs:
        # Σ_{i<j} u_i·u_j = (‖Σ u‖² − Σ ‖u_i‖²) / 2: all pairs without the n × n matrix.
        total = unit.sum(axis=0)
        mean_cos = (total @ total - np.einsum("ij,ij->", unit, unit)) / (2 * every)
        used = every
    else:
        rng = np.random.default_rng(seed)
        i = rng.integers(0, n, pairs)
        j = rng.integers(0, n - 1, pairs)
        j += j >= i  # uniform over the other rows
        mean_cos = np.einsum("ij,ij->i", unit[i], unit[j]).mean()
        used = int(pairs)
    norms = np.linalg.norm(x.astype(np.float64), axis=1)
    mean_norm = norms.mean()
    ratio = np.linalg.norm(x.astype(np.float64).mean(axis=0)) / mean_norm if mean_norm else 0.0
    return Anisotropy(float(mean_cos), float(ratio), used)


def neighbours_kept(ids_full: np.ndarray, ids_map: np.ndarray) -> np.ndarray:
    """Per row, the share of its k nearest in the full space (ids_full (n, k)) that are among
    its nearest on the map (ids_map (n, k')): a float64 array (n,) of values 0 … 1."""
    a, b = np.asarray(ids_full), np.asarray(ids_map)
    if a.ndim != 2 or b.ndim != 2 or len(a) != len(b) or a.shape[1] < 1:
        raise InputError(
            f"Both neighbour tables must have the same rows (n, k); got {a.shape} and {b.shape}."
        )
    kept = np.empty(len(a))
    step = max(1, 2**24 // (a.shape[1] * max(b.shape[1], 1)))
    for s in range(0, len(a), step):
        hit = a[s : s + step, :, None] == b[s : s + step, None, :]
        kept[s : s + step] = hit.any(axis=2).sum(axis=1) / a.shape[1]
    return kept


def overlap(ids_a: np.ndarray, ids_b: np.ndarray) -> np.ndarray:
    """Agreement of two settings' neighbour lists: per row, the share of ids_a's neighbours
    that ids_b also lists (the same as :func:`neighbours_kept`)."""
    return neighbours_kept(ids_a, ids_b)


def continuity(
    vectors,
    coords,
    k: int,
    *,
    metric: str = "cosine",
    sample: int = 2000,
    random_state: int = 0,
) -> float:
    """Venna & Kaski's continuity (0–1): how well the map keeps each point's true neighbours
    near it; 1 means every point's k nearest in the original space are among its k nearest on
    the map. Trustworthiness (:func:`core.project.trust.trustworthiness`) with the roles of the two
    spaces swapped, scored the same way: ``metric`` in the original space (cosine or
    euclidean), euclidean on the map, a random sample of ``sample`` rows for large sets, k
    lowered below n/2 as sklearn requires. Returns nan below 4 points.
    """
    if metric not in ("cosine", "euclidean"):
        raise InputError(f"Unknown metric: {metric!r}. Must be one of: ['cosine', 'euclidean'].")
    v = as_matrix(vectors)
    c = np.asarray(coords, dtype=np.float64)
    if c.ndim != 2 or len(c) != len(v):
        raise InputError(f"coords must have one row per vector ({len(v)}); got shape {c.shape}.")
    n = len(v)
    if n < 4:
        return float("nan")
    if n > sample:
        rows = np.random.default_rng(random_state).choice(n, sample, replace=False)
        v, c, n = v[rows], c[rows], sample
    k = max(1, min(k, (n - 1) // 2 - 1 if n > 4 else 1))
    v = (normalize_rows(v) if metric == "cosine" else v).astype(np.float64)
    # Neighbours in the original space that the map has pushed out of each row's k nearest are
    # penalised by how far down the map's ranking they fell (rank − k).
    true_nn = _ranked(_squared_distances(v))[:, :k]
    map_rank = np.empty((n, n), dtype=np.int64)
    order = _ranked(_squared_distances(c))
    np.put_along_axis(map_rank, order, np.arange(1, n + 1)[None, :].repeat(n, 0), 1)
    ranks = np.take_along_axis(map_rank, true_nn, 1)
    penalty = np.maximum(ranks - k, 0).sum()
    return float(1 - 2 * penalty / (n * k * (2 * n - 3 * k - 1)))


def _squared_distances(x: np.ndarray) -> np.ndarray:
    sq = np.einsum("ij,ij->i", x, x)
    d = np.maximum(sq[:, None] + sq[None, :] - 2 * (x @ x.T), 0)
    np.fill_diagonal(d, np.inf)  # a point is not its own neighbour: ranked last
    return d


def _ranked(d: np.ndarray) -> np.ndarray:
    """Each row's columns from nearest to farthest, ties by column."""
    return np.argsort(d, axis=1, kind="stable")
