"""Maps of very large sets: fit the projection on a random sample, then place every other point
with the fitted model's own transform (UMAP's ``transform``, PCA's projection).

A full UMAP of a million points would take hours on two cores; fitted on 20,000 points it takes
seconds, and each further point is placed among its nearest sampled neighbours. The sampled points
keep the coordinates of the fit. :func:`sample_and_place` works on vectors in memory (the app);
:func:`core.batch.map.place_shards` uses it on the Parquet shards of the batch command.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.errors import InputError
from core.progress import Report
from core.project.umap_code import import_umap
from core.vectors import as_matrix, normalize_rows

PLACE_METHODS = ("umap", "pca")
DEFAULT_SAMPLE = 20_000
_CHUNK = 20_000  # points placed at a time (UMAP's transform holds a graph per chunk)


@dataclass(frozen=True)
class Placement:
    """How a map was made: fitted on ``sample`` of ``n`` points, the rest placed."""

    method: str
    n: int
    sample: int
    random_state: int

    @property
    def placed(self) -> int:
        return self.n - self.sample

    def text(self) -> str:
        return (
            f"{self.method.upper()} was fitted on a random sample of {self.sample:,} of the "
            f"{self.n:,} points; the other {self.placed:,} were placed by the fitted model's "
            "transform, each among its nearest sampled points."
        )


class Placer:
    """A projection fitted on a sample, able to place further points."""

    def __init__(self, method: str = "umap", *, n_components: int = 2, metric: str = "cosine",
                 random_state: int = 0, n_neighbors: int = 15, min_dist: float = 0.1) -> None:  # fmt: skip
        if method not in PLACE_METHODS:
            raise InputError(f"Sample-and-place works with {list(PLACE_METHODS)}; got {method!r}.")
        self.method, self.metric, self.random_state = method, metric, random_state
        self.n_components = n_components
        self.params = {"n_neighbors": n_neighbors, "min_dist": min_dist}
        self.model = None

    def fit(self, sample: np.ndarray) -> np.ndarray:
        """Fit on the sample; returns the sample's own coordinates."""
        v = self._prepare(sample)
        if self.method == "pca":
            from sklearn.decomposition import PCA

            self.model = PCA(self.n_components, random_state=self.random_state).fit(v)
            return self.model.transform(v).astype(np.float32)
        umap = import_umap()
        self.model = umap.UMAP(
            n_components=self.n_components, metric=self.metric, n_jobs=1,
            random_state=self.random_state, **self.params,
        )  # fmt: skip
        return np.asarray(self.model.fit_transform(v), dtype=np.float32)

    def place(self, vectors: np.ndarray, progress: Report | None = None) -> np.ndarray:
        """Coordinates of further points, a chunk at a time."""
        if self.model is None:
            raise InputError("Fit the placer on a sample before placing points.")
        out = np.empty((len(vectors), self.n_components), np.float32)
        for start in range(0, len(vectors), _CHUNK):
            part = self._prepare(vectors[start : start + _CHUNK])
            out[start : start + len(part)] = self.model.transform(part)
            if progress:
                done = start + len(part)
                progress(done / len(vectors), f"placed {done:,} of {len(vectors):,} points")
        return out

    def _prepare(self, v) -> np.ndarray:
        v = as_matrix(v)
        return normalize_rows(v) if self.metric == "cosine" else v


def sample_rows(n: int, size: int, random_state: int = 0) -> np.ndarray:
    """Sorted row numbers of a random sample of ``size`` of ``n`` rows (all rows if fewer)."""
    if size >= n:
        return np.arange(n)
    return np.sort(np.random.default_rng(random_state).choice(n, size, replace=False))


def sample_and_place(
    vectors,
    *,
    method: str = "umap",
    n_components: int = 2,
    metric: str = "cosine",
    sample: int | None = None,
    random_state: int = 0,
    progress: Report | None = None,
    **params,
) -> tuple[np.ndarray, Placement]:
    """Coordinates of all rows: the sample's (``DEFAULT_SAMPLE`` rows unless given) from the
    fit, the others placed."""
    v = as_matrix(vectors)
    rows = sample_rows(len(v), DEFAULT_SAMPLE if sample is None else sample, random_state)
    placer = Placer(method, n_components=n_components, metric=metric,
                    random_state=random_state, **params)  # fmt: skip
    if progress:
        progress(0.0, f"fitting {method.upper()} on {len(rows):,} sampled points")
    coords = np.empty((len(v), n_components), np.float32)
    coords[rows] = placer.fit(v[rows])
    rest = np.setdiff1d(np.arange(len(v)), rows, assume_unique=True)
    if len(rest):
        coords[rest] = placer.place(v[rest], _after_fit(progress))
    return coords, Placement(method, len(v), len(rows), random_state)


def _after_fit(progress: Report | None) -> Report | None:
    if progress is None:
        return None
    return lambda fraction, message: progress(0.3 + 0.7 * fraction, message)
