"""Neighbour lists re-ranked to bring hubs down, with the same query API as
:class:`core.neighbours.index.NeighbourIndex`, so the Map lists them like any metric.

- ``"csls"``: 2·cos(x, y) − r(x) − r(y), r = mean cosine to the K nearest (Conneau et al. 2018);
- ``"mp"``: Gaussian mutual proximity on cosine distance (Schnitzer et al. 2012), P(D_x > d) ·
  P(D_y > d): the chance that each of the two finds the other closer than its typical item.

Both are built once per vectors (one pass over all pairs, in blocks);
a query is then one matrix-vector product, like plain cosine. The maths is :mod:`core.neighbours.rerank`.
"""

from __future__ import annotations

import numpy as np

from core.neighbours.index import NeighbourIndex
from core.neighbours.rerank import Csls, MutualProximity
from core.progress import Progress

NAMES = {"csls": "CSLS (re-ranked)", "mp": "mutual proximity (re-ranked)"}


class RerankedIndex(NeighbourIndex):
    """Exact search under CSLS or mutual proximity; higher scores are nearer."""

    def __init__(self, vectors, method: str, *, K: int = 10, progress: Progress | None = None):
        super().__init__(vectors, "cosine")
        self.metric = method
        if method == "csls":
            self._model = Csls(vectors, K=min(K, len(self) - 1), progress=progress)
        elif method == "mp":
            self._model = MutualProximity(vectors, progress=progress)
        else:
            raise ValueError(f"unknown re-ranking {method!r}")

    def _query_scores(self, q: np.ndarray, row: int | None) -> np.ndarray:
        norm = float(np.linalg.norm(q))  # rows are unit; an outside vector is made so here
        cos = self.scores(q / norm if norm else q)
        if self.metric == "csls":
            # a row: its own r; an outside vector: its mean cosine to its K nearest items
            r_query = float(self._model.r[row]) if row is not None else self._model.r_query(cos)
            return self._model.rerank(cos, r_query)
        return self._model.rerank(1.0 - cos, row)

    def knn(self, k: int, progress: Progress | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Every row's k best other rows under this re-ranking: (ids (n, k), scores (n, k))."""
        return self._model.knn(k, progress)
