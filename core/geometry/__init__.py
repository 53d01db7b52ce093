"""The shape of a space: hubness, anisotropy, post-processing (centring, all-but-the-top), how much
two neighbour lists agree, and word-similarity benchmarks.
"""

from __future__ import annotations

from core.geometry.benchmarks import BENCHMARKS, Benchmark, BenchmarkResult, evaluate
from core.geometry.postprocess import PostProcess, postprocess
from core.geometry.shape import (
    Anisotropy,
    Hubness,
    anisotropy,
    continuity,
    hubness,
    k_occurrence,
    neighbours_kept,
    overlap,
)

__all__ = [
    "Anisotropy",
    "BENCHMARKS",
    "Benchmark",
    "BenchmarkResult",
    "Hubness",
    "PostProcess",
    "anisotropy",
    "continuity",
    "evaluate",
    "hubness",
    "k_occurrence",
    "neighbours_kept",
    "overlap",
    "postprocess",
]
