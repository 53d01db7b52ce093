"""Neighbours in the full space, exact: one query (:func:`nearest`, :class:`NeighbourIndex`), every
row at once (:func:`knn_graph`), hub-reducing re-rankings (CSLS, mutual proximity) and pairwise
similarity.
"""

from __future__ import annotations

from core.neighbours.exact import SCORE_NAMES, Neighbour, nearest, scores
from core.neighbours.index import NeighbourIndex
from core.neighbours.knn import knn_graph
from core.neighbours.rerank import Csls, MutualProximity
from core.neighbours.reranked import RerankedIndex
from core.neighbours.similarity import block_order, extreme_pairs, similarity_matrix

__all__ = [
    "Csls",
    "MutualProximity",
    "Neighbour",
    "NeighbourIndex",
    "RerankedIndex",
    "SCORE_NAMES",
    "block_order",
    "extreme_pairs",
    "knn_graph",
    "nearest",
    "scores",
    "similarity_matrix",
]
