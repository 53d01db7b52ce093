"""Post-processing that removes what all vectors share: centring and all-but-the-top.

All-but-the-top (Mu & Viswanath 2018, "All-but-the-Top: Simple and Effective Postprocessing for
Word Representations"): subtract the mean, then remove the projections on the top d principal
components (d ≈ dimensions / 100 in the paper). Fitted once (say on a vocabulary), a
:class:`PostProcess` transforms any vectors of the same width (say a benchmark's word pairs).
:mod:`core.geometry.shape` re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.errors import InputError
from core.vectors import as_matrix

MODES = ("none", "centre", "abtt")


@dataclass(frozen=True)
class PostProcess:
    """A fitted post-processing.

    mode: "none", "centre" or "abtt"; mean: float64 (dim,), zeros for "none"; components:
    float64 (d, dim), orthonormal rows (the removed principal directions; (0, dim) unless abtt).
    """

    mode: str
    mean: np.ndarray
    components: np.ndarray

    @classmethod
    def fit(cls, vectors, mode: str, d: int | None = None) -> PostProcess:
        """Fit on ``vectors`` (n, dim). ``d``: components removed by "abtt", from 1 to dim - 1;
        default max(1, dim // 100) as in the paper. Raises InputError for a bad mode or d."""
        if mode not in MODES:
            raise InputError(f"Unknown post-processing: {mode!r}. Must be one of: {list(MODES)}.")
        x = as_matrix(vectors, min_rows=1).astype(np.float64)
        dim = x.shape[1]
        none = np.zeros((0, dim))
        if mode == "none":
            return cls(mode, np.zeros(dim), none)
        mean = x.mean(axis=0)
        if mode == "centre":
            return cls(mode, mean, none)
        d = max(1, dim // 100) if d is None else d
        top = min(dim - 1, len(x) - 1)
        if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or not 1 <= d <= top:
            raise InputError(
                f"d (components to remove) must be a whole number from 1 to {top} for "
                f"{len(x)} vectors of {dim} dimensions; got d={d!r}."
            )
        return cls(mode, mean, _top_components(x - mean, int(d)))

    def transform(self, vectors) -> np.ndarray:
        """The fitted post-processing applied to any vectors of the same width: float32 (n, dim)."""
        x = as_matrix(vectors).astype(np.float64)
        if x.shape[1] != len(self.mean):
            raise InputError(
                f"These vectors have {x.shape[1]} dimensions; the post-processing was fitted "
                f"on {len(self.mean)}."
            )
        x -= self.mean
        if len(self.components):
            x -= (x @ self.components.T) @ self.components
        return x.astype(np.float32)


def postprocess(vectors, mode: str, d: int | None = None) -> np.ndarray:
    """Fit on the vectors and transform them: ``PostProcess.fit(vectors, mode, d).transform``."""
    return PostProcess.fit(vectors, mode, d).transform(vectors)


def _top_components(centred: np.ndarray, d: int) -> np.ndarray:
    """The top d principal directions, from the dim × dim scatter matrix (n ≫ dim here)."""
    values, vectors = np.linalg.eigh(centred.T @ centred)
    return vectors[:, ::-1][:, :d].T.copy()
