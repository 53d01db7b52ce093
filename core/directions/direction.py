"""Directions in an embedding space, and items measured along them.

A direction is a unit vector d̂ made from words the user chooses:

- two words, ``a − b`` (he − she): ``unit(a − b)``;
- several pairs (he/she, man/woman, king/queen, …), as Bolukbasi et al. (2016) do: each pair is
  centred on its midpoint, and d̂ is the first principal component of those centred vectors,
  with the share of their variance it explains (1.0 when every pair differs the same way);
- two sets, centroid to centroid (the TensorFlow Projector's custom projection):
  ``unit(mean(unit A) − mean(unit B))``.

Items are scored by their cosine with d̂ (:func:`along`); :func:`remove` takes the direction out
of vectors (Bolukbasi's "hard debias" step), leaving them orthogonal to d̂. All inputs are rows of
vectors; every function is pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.errors import InputError
from core.vectors import as_matrix, normalize_rows


@dataclass(frozen=True)
class Direction:
    """A unit vector and how it was made (``explained``: the share of the pairs' variance the
    direction carries; 1.0 for two words or two sets)."""

    vector: np.ndarray
    kind: str
    explained: float = 1.0


def _unit(v: np.ndarray, what: str) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    if not np.isfinite(norm) or norm < 1e-9:
        raise InputError(
            f"{what} have no direction between them (their difference is zero): choose words "
            "that differ."
        )
    return (v / norm).astype(np.float64)


def from_two(a, b) -> Direction:
    """``unit(a − b)``: it points from b towards a."""
    a, b = (np.asarray(x, dtype=np.float64).ravel() for x in (a, b))
    return Direction(_unit(a - b, "The two words"), "two words")


def from_pairs(first, second) -> Direction:
    """The first principal component of the pairs' differences, each pair centred on its
    midpoint (Bolukbasi et al. 2016), oriented from the second words towards the first.

    Parameters
    ----------
    first, second : (n_pairs, dim) vectors; row i of each makes pair i. At least 2 pairs.
    """
    p, q = as_matrix(first).astype(np.float64), as_matrix(second).astype(np.float64)
    if p.shape != q.shape:
        raise InputError(f"Each pair needs two items: got {len(p)} first and {len(q)} second.")
    if len(p) < 2:
        raise InputError(f"A direction from pairs needs at least 2 pairs; got {len(p)}.")
    half = (p - q) / 2  # each word minus its pair's midpoint is ±half the difference
    centred = np.vstack([half, -half])
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    if s[0] < 1e-9:
        raise InputError("The pairs have no direction: every pair is two equal vectors.")
    d = vt[0] if float(half.sum(axis=0) @ vt[0]) >= 0 else -vt[0]
    return Direction(d / np.linalg.norm(d), "pairs", float(s[0] ** 2 / (s**2).sum()))


def from_sets(first, second) -> Direction:
    """Centroid to centroid of unit vectors, from the second set towards the first."""
    a, b = (normalize_rows(as_matrix(x).astype(np.float64)) for x in (first, second))
    return Direction(_unit(a.mean(axis=0) - b.mean(axis=0), "The two sets"), "sets")


def along(vectors, direction: Direction) -> np.ndarray:
    """Each row's cosine with the direction, from −1 (the second pole) to 1 (the first)."""
    return normalize_rows(as_matrix(vectors).astype(np.float64)) @ direction.vector


def remove(vectors, direction: Direction) -> np.ndarray:
    """Every row with its component along the direction taken out: ``v − (v·d̂) d̂``."""
    v = as_matrix(vectors).astype(np.float64)
    d = direction.vector
    return (v - np.outer(v @ d, d)).astype(np.float32)
