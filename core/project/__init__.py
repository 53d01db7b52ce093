"""Maps: projections to 2 or 3 dimensions (PCA, t-SNE, UMAP; sample-and-place for very large
sets), long projections as jobs in a worker process, cluster labels, and how far a map keeps
neighbours (trustworthiness, neighbours kept).
"""

from __future__ import annotations

from core.project.clustering import cluster
from core.project.jobs import start_projection
from core.project.placement import Placement, sample_and_place
from core.project.projection import (
    METHODS,
    PROJECTION_METRICS,
    default_perplexity,
    expected_seconds,
    project,
)
from core.project.trust import kept_on_map, map_neighbours, trustworthiness
from core.project.umap_code import warm_up

__all__ = [
    "METHODS",
    "PROJECTION_METRICS",
    "Placement",
    "cluster",
    "default_perplexity",
    "expected_seconds",
    "kept_on_map",
    "map_neighbours",
    "project",
    "sample_and_place",
    "start_projection",
    "trustworthiness",
    "warm_up",
]
