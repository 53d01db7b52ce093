"""Clusters you can read: regions of a map found without choosing k (HDBSCAN at up to three
levels, or k-means), each named from its members' texts or words, with a quality figure.
"""

from __future__ import annotations

from core.clusters.describe import Cluster, describe
from core.clusters.find import find_clusters

__all__ = ["Cluster", "describe", "find_clusters"]
