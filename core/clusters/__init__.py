"""Clusters you can read: regions of a map found without choosing k (cuts of a Ward tree at the
numbers of clusters the map's silhouette prefers, by default; HDBSCAN levels with noise; or
k-means of a chosen k), at up to three levels, each named from its members' texts or words,
with a quality figure.
"""

from __future__ import annotations

from core.clusters.describe import Cluster, describe
from core.clusters.find import find_clusters

__all__ = ["Cluster", "describe", "find_clusters"]
