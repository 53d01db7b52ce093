"""Small shared checks and maths on vector matrices."""

from __future__ import annotations

import numpy as np

from core.errors import InputError

METRICS = ("cosine", "euclidean", "dot")
MAX_ABS = 1e15  # largest value accepted: its square times 100,000 dimensions stays finite


def as_matrix(vectors, *, name: str = "vectors", min_rows: int = 0) -> np.ndarray:
    """A finite 2-D float32 matrix, or an InputError saying what is wrong with it."""
    try:
        arr = np.asarray(vectors, dtype=np.float32)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"{name} must be numbers in a table of equal-length rows ({exc})."
        ) from exc
    if arr.ndim != 2:
        raise InputError(
            f"{name} must be a 2-D table (rows × dimensions); got {arr.ndim} dimensions."
        )
    if arr.shape[1] == 0:
        raise InputError(f"{name} have no dimensions (shape {arr.shape}).")
    if arr.shape[0] < min_rows:
        raise InputError(f"{name} need at least {min_rows} rows; got {arr.shape[0]}.")
    # min and max read the matrix once each without a temporary copy (a 100,000 × 384 matrix
    # is checked in ~15 ms instead of ~55 ms): NaN propagates into both and an infinity is an
    # extreme, so the exact, slower count runs only when something is wrong.
    lo, hi = float(arr.min(initial=0)), float(arr.max(initial=0))
    if not (np.isfinite(lo) and np.isfinite(hi)):
        bad = int((~np.isfinite(arr)).any(axis=1).sum())
        raise InputError(
            f"{name} contain NaN or infinite values in {bad} row(s); fix or drop them."
        )
    biggest = max(-lo, hi)  # the largest absolute value
    if biggest > MAX_ABS:  # squares and sums of such values overflow float32 into inf and NaN
        raise InputError(
            f"{name} have values as large as {biggest:.3g}; the maths here works up to "
            f"{MAX_ABS:.0e}. Rescale them (embedding values are usually well below 100)."
        )
    return arr


def check_metric(metric: str) -> str:
    if metric not in METRICS:
        raise InputError(f"Unknown metric: {metric!r}. Must be one of: {list(METRICS)}.")
    return metric


def normalize_rows(arr: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length; all-zero rows stay zero."""
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    return arr / np.where(norms == 0, 1, norms)
