"""Cluster labels for colouring a map."""

from __future__ import annotations

import numpy as np

from core.errors import InputError
from core.vectors import as_matrix, normalize_rows

_MAX_AUTO_K = 12
_SAMPLE = 3000  # silhouette is quadratic: score k on a sample of this many rows


def cluster(vectors, *, k: int | None = None, random_state: int = 0) -> np.ndarray:
    """K-means labels (0..k-1) on unit-length vectors (so clusters follow cosine similarity).

    With ``k=None`` the k in 2..12 with the best silhouette is chosen. Fewer than 3 rows, or only
    identical rows, get one cluster.

    Raises
    ------
    InputError
        k is below 1 or above the number of rows.
    """
    v = as_matrix(vectors, min_rows=1)
    n = len(v)
    if k is not None and (
        isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= n
    ):
        raise InputError(f"k must be between 1 and the number of items ({n}); got {k!r}.")
    u = normalize_rows(v.astype(np.float64))
    distinct = len(np.unique(np.round(u, 6), axis=0))
    if k == 1 or n < 3 or distinct < 2:
        return np.zeros(n, dtype=np.int64)
    from sklearn.cluster import KMeans

    if k is None:
        k = _pick_k(u, min(_MAX_AUTO_K, distinct - 1, n - 1), random_state)
    k = min(k, distinct)
    return KMeans(n_clusters=k, n_init=4, random_state=random_state).fit_predict(u).astype(np.int64)


def _pick_k(u: np.ndarray, k_max: int, random_state: int) -> int:
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    if k_max < 2:
        return 1
    rng = np.random.default_rng(random_state)
    sample = u if len(u) <= _SAMPLE else u[rng.choice(len(u), _SAMPLE, replace=False)]
    best_k, best = 2, -2.0
    for k in range(2, k_max + 1):
        labels = KMeans(n_clusters=k, n_init=2, random_state=random_state).fit_predict(sample)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(sample, labels, metric="euclidean")
        if score > best + 1e-9:
            best_k, best = k, score
    return best_k
