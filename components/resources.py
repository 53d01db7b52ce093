"""The one caching layer between pages and core: models load once per process, encodings and
projections are computed once per distinct input and shared by every session (they are read-only).

Long work shows progress in the page. Nothing here does maths itself; it calls core.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import streamlit as st

from core.cache import ArrayCache
from core.io.stored import DatasetStore
from core.keys import digest
from core.models.registry import DEFAULT_MODEL, Embedder, load_model
from core.neighbours.index import NeighbourIndex
from core.neighbours.knn import knn_graph
from core.neighbours.rerank import Csls, MutualProximity
from core.neighbours.reranked import NAMES as RERANKINGS
from core.neighbours.reranked import RerankedIndex
from core.project import jobs, projection, umap_code

_MEMO_ITEMS = 48
# Every item's neighbour list, as :func:`neighbours` finds it: a metric or a re-ranking
NEIGHBOUR_LISTS = {"cosine": "cosine", "csls": "CSLS", "mp": "mutual proximity"}
_lock = threading.Lock()
_memo: OrderedDict[tuple, object] = OrderedDict()
_loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="model-loader")
_loading: dict[str, Future] = {}


def _load_async(name: str) -> Future:
    with _lock:
        if name not in _loading or (_loading[name].done() and _loading[name].exception()):
            _loading[name] = _loader.submit(load_model, name)
        return _loading[name]


@st.cache_resource(show_spinner=False)
def start_background_work() -> bool:
    """Once per server process: load the default model, then warm UMAP up, in the background, so
    the first page and the first UMAP map do not wait for them."""
    loading = _load_async(DEFAULT_MODEL)
    # Here only the small maps' UMAP code (the server runs those itself); the worker that runs
    # the large ones (core.project.jobs) loads the rest in its own process, at low priority.
    umap_code.warm_up_in_background(large=False, after=loading.result)
    jobs.prepare()
    return True


@st.cache_resource(show_spinner=False)
def _model(name: str) -> Embedder:
    return _load_async(name).result()


def model(name: str) -> Embedder:
    """The loaded model (raises core's ModelLoadError, which is not cached, so a retry can work)."""
    fut = _load_async(name)
    if not fut.done():
        with st.spinner(f"Loading {name} (once per server start)…"):
            fut.result()
    return _model(name)


def _memo_get(key: tuple, compute: Callable[[], object]) -> object:
    """Process-wide LRU: return the stored value for key, or compute and store it."""
    with _lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
    return _remember(key, compute())


def _remember(key: tuple, value: object) -> object:
    if isinstance(value, np.ndarray):
        value.setflags(write=False)  # shared across sessions: nobody may change it
    with _lock:
        _memo[key] = value
        while len(_memo) > _MEMO_ITEMS:
            _memo.popitem(last=False)
    return value


def encode(model_name: str, texts: Sequence[str]) -> np.ndarray:
    """Vectors of texts under a model; a progress bar shows while new texts are encoded."""
    texts = list(texts)

    def compute() -> np.ndarray:
        emb = model(model_name)
        bar = st.empty()

        def progress(done: int, total: int) -> None:
            if total > 100 and done < total:
                bar.progress(
                    done / total,
                    text=f"Encoding {done:,} of {total:,} texts with {model_name}… (Stop, at the "
                    "top right, stops it; the texts done are kept for next time)",
                )

        try:
            return emb.encode(texts, progress=progress)
        finally:
            bar.empty()

    return cached("encode", model_name, texts, compute=compute)  # type: ignore[return-value]


@st.cache_resource(show_spinner=False)
def stored_datasets() -> DatasetStore:
    """Users' datasets kept on disk across reloads (see core.io.stored for the policy)."""
    return DatasetStore()


@st.cache_resource(show_spinner=False)
def _projections() -> ArrayCache:
    return ArrayCache()


def _projection_key(vectors, method, n_components, metric, params) -> tuple:
    return ("project", digest(vectors), method, n_components, metric, tuple(sorted(params.items())))


def projection_ready(
    vectors: np.ndarray, *, method: str, n_components: int, metric: str = "cosine", **params
) -> bool:
    """Whether :func:`project` would answer from memory or disk, without computing."""
    key = _projection_key(vectors, method, n_components, metric, params)
    with _lock:
        if key in _memo:
            return True
    return _projections().get(digest(projection.VERSION, *key)) is not None


def project(
    vectors: np.ndarray, *, method: str, n_components: int, metric: str = "cosine", **params
) -> np.ndarray:
    """Map coordinates, computed once per distinct vectors and parameters: kept in memory and on
    disk, so a restarted server does not run the same t-SNE or UMAP again."""
    key = _projection_key(vectors, method, n_components, metric, params)

    def compute() -> np.ndarray:
        on_disk = digest(projection.VERSION, *key)
        stored = _projections().get(on_disk)
        if stored is not None and stored.shape == (len(vectors), n_components):
            return stored
        label = {"pca": "PCA", "tsne": "t-SNE", "umap": "UMAP"}[method]
        notes = []
        guess = projection.expected_seconds(method, len(vectors), n_components)
        if guess is not None and guess >= 5:
            notes.append(f"about {guess:.0f} s on 2 cores")
        if method == "umap" and not umap_code.is_warm():
            notes.append("the first UMAP after a server start also loads its compiled code")
        note = f" ({'; '.join(notes)})" if notes else ""
        with st.spinner(f"Running {label} on {len(vectors):,} points{note}…"):
            coords = projection.project(
                vectors, method=method, n_components=n_components, metric=metric, **params
            )
        with contextlib.suppress(OSError):  # a read-only or full disk only costs a recompute
            _projections().put(on_disk, coords)
        return coords

    return _memo_get(key, compute)  # type: ignore[return-value]


def _store_projection(key: tuple, coords: np.ndarray) -> None:
    with contextlib.suppress(OSError):  # a read-only or full disk only costs a recompute
        _projections().put(digest(projection.VERSION, *key), coords)
    _remember(key, coords)


def projection_job(
    vectors: np.ndarray, *, method: str, n_components: int, metric: str = "cosine",
    start: bool = False, **params,
) -> jobs.Job | None:  # fmt: skip
    """The job computing this projection in a worker process (see core.project.jobs): the running or
    last one, or None; with ``start``, a new one if none runs. Its result goes where
    :func:`project` finds it, in memory and on disk."""
    key = _projection_key(vectors, method, n_components, metric, params)
    job_key = digest(*key)
    if not start:
        return jobs.get(job_key)
    label = {"pca": "PCA", "tsne": "t-SNE", "umap": "UMAP"}[method]
    spec = dict(method=method, n_components=n_components, metric=metric, **params)
    return jobs.start_projection(
        job_key, vectors, spec, label=f"{label} of {len(vectors):,} points",
        guess=projection.expected_seconds(method, len(vectors), n_components),
        on_done=lambda coords: _store_projection(key, coords),
    )  # fmt: skip


def cached(kind: str, *parts, compute: Callable[[], object]) -> object:
    """The process-wide memo: the result of ``compute`` for this kind and these parts (arrays,
    texts, numbers… named by :func:`core.keys.digest`), computed once and shared by every
    session (arrays made read-only). The one way pages and components keep a core result."""
    return _memo_get((kind, digest(*parts)), compute)


@contextlib.contextmanager
def counted(what: str, where=None) -> Iterator[Callable[[int, int], None]]:
    """A progress callback ``(done, total)`` that draws "what: done of total items…" as a bar
    (in ``where``, default the main area), removed when the block ends (a Stop between two
    calls interrupts the work)."""
    bar = (where or st).empty()

    def progress(done: int, total: int) -> None:
        if done < total:
            bar.progress(done / total, text=f"{what}: {done:,} of {total:,} items…")

    try:
        yield progress
    finally:
        bar.empty()


def index(vectors: np.ndarray, metric: str) -> NeighbourIndex:
    """The neighbour index of these vectors under a metric or a re-ranking (CSLS, mutual
    proximity: a pass over all pairs, with a progress bar), built once per process."""
    if metric not in RERANKINGS:
        return cached("index", vectors, metric, compute=lambda: NeighbourIndex(vectors, metric))  # type: ignore[return-value]

    def build() -> NeighbourIndex:
        # the sidebar: a bar above the map would shift the map, which would then lose its zoom
        with counted(f"Preparing {RERANKINGS[metric]}", st.sidebar) as progress:
            return RerankedIndex(vectors, metric, progress=progress)

    return cached("index", vectors, metric, compute=build)  # type: ignore[return-value]


def neighbours(vectors: np.ndarray, k: int, how: str = "cosine") -> tuple[np.ndarray, np.ndarray]:
    """Every item's k nearest (ids, scores), under a metric (cosine, euclidean, dot) or a
    re-ranking (csls, mp); once per input, shared by the Map, Search and Geometry pages."""

    def compute():
        what = f"Finding each item's {k} nearest neighbours ({NEIGHBOUR_LISTS.get(how, how)})"
        with counted(what) as progress:
            if how in ("cosine", "euclidean", "dot"):
                return knn_graph(vectors, k, how, progress=progress)
            model = Csls(vectors, progress=progress) if how == "csls" else MutualProximity(
                vectors, progress=progress)  # fmt: skip
            return model.knn(k, progress=progress)

    return cached("knn", vectors, k, how, compute=compute)  # type: ignore[return-value]
