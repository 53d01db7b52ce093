"""Hub-reducing similarity: CSLS and mutual proximity, for one query or a whole set.

In high dimensions a few rows ("hubs") turn up in very many rows' neighbour lists. Both scores
here correct a similarity by how crowded the neighbourhoods of its two ends are:

* CSLS (Conneau et al. 2018, "Word translation without parallel data"):
  ``2·cos(x, y) − r(x) − r(y)``, r(x) the mean cosine of x to its K nearest other rows.
* Mutual proximity (Schnitzer et al. 2012, "Local and global scaling reduce hubs in space"),
  Gaussian form on cosine distance d = 1 − cos: ``P(D_x > d_xy) · P(D_y > d_xy)``, each D a
  normal fitted to a row's distances to all other rows. Higher is nearer (0 … 1).

:mod:`core.geometry.shape` re-exports both classes; import them from there.
"""

from __future__ import annotations

import numpy as np

from core.errors import InputError
from core.neighbours.knn import block_rows, check_k, knn_graph, top_k_blocks
from core.progress import Progress
from core.vectors import as_matrix, normalize_rows


class Csls:
    """CSLS over fixed vectors (cosine).

    Parameters
    ----------
    vectors : array (n, d), n ≥ 2
    K : int
        Neighbourhood size for r, from 1 to n - 1 (10 in the paper).
    progress : callable (done_rows, total_rows), optional
        Reports the one k-nearest-neighbour pass that finds r.

    Attributes
    ----------
    r : float64 array (n,)
        Each row's mean cosine to its K nearest other rows.
    """

    def __init__(self, vectors, K: int = 10, progress: Progress | None = None) -> None:
        x = as_matrix(vectors, min_rows=2)
        self.K = check_k(K, len(x), "K")
        self.unit = normalize_rows(x)
        _, cos = knn_graph(self.unit, self.K, "cosine", progress)
        self.r = cos.astype(np.float64).mean(axis=1)

    def r_query(self, cos_row: np.ndarray) -> float:
        """r of an outside vector from its cosines to every row: the mean of its K largest."""
        cos_row = np.asarray(cos_row, dtype=np.float64)
        return float(np.partition(cos_row, len(cos_row) - self.K)[-self.K :].mean())

    def rerank(self, cos_row: np.ndarray, r_query: float) -> np.ndarray:
        """CSLS of one query against every row, from its cosines: 2·cos − r_query − r.
        For a query that is row i, pass ``r[i]`` (and leave row i out of its own list)."""
        return 2 * np.asarray(cos_row, dtype=np.float64) - r_query - self.r

    def knn(self, k: int, progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Every row's k best other rows by CSLS: (ids int32 (n, k), CSLS float32 (n, k))."""
        k = check_k(k, len(self.unit))
        r = self.r.astype(np.float32)

        def block(a: int, b: int, out: np.ndarray) -> np.ndarray:
            np.matmul(self.unit[a:b], self.unit.T, out=out)
            out *= 2
            out -= r[a:b, None]
            out -= r[None, :]
            return out

        return top_k_blocks(len(self.unit), k, block, progress=progress)


class MutualProximity:
    """Gaussian mutual proximity over fixed vectors, on cosine distance.

    Each row's mean and standard deviation of its distances to all other rows come from a
    closed form, not from the n × n distances: with unit rows u and G = Σ_j u_j u_jᵀ, the sum of
    row i's cosines is u_i · Σ_j u_j and the sum of their squares is u_iᵀ G u_i (minus its own
    term in both). A test compares it with the explicit computation.

    Attributes
    ----------
    mean, std : float64 arrays (n,)
        Of each row's cosine distances to the n - 1 other rows (population std).
    """

    def __init__(self, vectors, progress: Progress | None = None) -> None:
        x = as_matrix(vectors, min_rows=2)
        self.unit = normalize_rows(x)
        self.mean, self.std = _distance_moments(self.unit, progress)

    def rerank(self, dist_row: np.ndarray, i: int | None) -> np.ndarray:
        """MP of one query against every row, from its cosine distances to them.

        ``i``: the query's row (its own mean and std are used; leave row i out of its list),
        or None for an outside vector, whose mean and std are those of ``dist_row`` itself.
        """
        d = np.asarray(dist_row, dtype=np.float64)
        if i is None:
            mean_q, std_q = float(d.mean()), float(d.std())
        elif 0 <= i < len(self.mean):
            mean_q, std_q = float(self.mean[i]), float(self.std[i])
        else:
            raise InputError(f"Query row {i} is out of range: there are {len(self.mean)} rows.")
        return 1 - _one_minus_mp(d, mean_q, std_q, self.mean, self.std)

    def knn(self, k: int, progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Every row's k best other rows by MP: (ids int32 (n, k), MP float32 (n, k))."""
        k = check_k(k, len(self.unit))

        def block(a: int, b: int, out: np.ndarray) -> np.ndarray:
            d = 1 - (self.unit[a:b] @ self.unit.T).astype(np.float64)
            mean, std = self.mean[a:b, None], self.std[a:b, None]
            # Ranked by −(1 − MP): near neighbours have MP within 1e-9 of 1, where float32
            # (and MP itself) would tie them all; 1 − MP keeps their digits.
            out[:] = -_one_minus_mp(d, mean, std, self.mean, self.std)
            return out

        # About eight float64 temporaries per score (d, the z's, the CDFs): smaller blocks.
        step = max(1, block_rows(len(self.unit)) // 8)
        ids, neg = top_k_blocks(len(self.unit), k, block, progress=progress, step=step)
        return ids, (1 + neg.astype(np.float64)).astype(np.float32)


_TINY_STD = 1e-12  # a row at the same distance from all others: a step, not a division by 0


def _one_minus_mp(d, mean_x, std_x, mean_y, std_y) -> np.ndarray:
    """1 − P(D_x > d)·P(D_y > d) = a + b − ab with a, b the normal CDFs (small for neighbours)."""
    from scipy.special import ndtr

    a = ndtr((d - mean_x) / np.maximum(std_x, _TINY_STD))
    b = ndtr((d - mean_y) / np.maximum(std_y, _TINY_STD))
    return a + b - a * b


def _distance_moments(unit: np.ndarray, progress: Progress | None) -> tuple[np.ndarray, ...]:
    n = len(unit)
    u = unit.astype(np.float64)
    total = u.sum(axis=0)
    gram = u.T @ u
    own = np.einsum("ij,ij->i", u, u)  # 1, or 0 for a zero row
    sums, squares = u @ total - own, np.empty(n)
    step = max(1, 2**24 // u.shape[1])
    for a in range(0, n, step):
        block = u[a : a + step]
        squares[a : a + step] = np.einsum("ij,ij->i", block @ gram, block)
        if progress is not None:
            progress(min(n, a + step), n)
    squares -= own**2
    mean_cos = sums / (n - 1)
    var = np.maximum(squares / (n - 1) - mean_cos**2, 0)
    return 1 - mean_cos, np.sqrt(var)
