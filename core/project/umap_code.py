"""UMAP's compiled code: imported with numba's disk cache on, and compiled ahead of the first map
(at install by ``python -m core.precompile``, in the background of a running app)."""

from __future__ import annotations

import contextlib
import inspect
import sys
import threading
from collections.abc import Callable

import numpy as np

_umap_cache_lock = threading.Lock()
_umap_cache_on = False


def import_umap():
    """Import umap-learn with numba's on-disk cache switched on for its compiled functions.

    umap-learn and pynndescent (used from 4,096 points) compile most of their numba functions
    without ``cache=True``, so every new process paid 12–60 s of compilation on its first map.
    Cached, the next process loads the machine code from disk (first 1k map ≈ 2.4 s instead of
    ≈ 15 s). numba keys the cache on the source file, so an upgrade recompiles; where no cache
    folder is writable, numba compiles as before.
    """
    global _umap_cache_on
    import umap

    with _umap_cache_lock:
        if not _umap_cache_on:
            from numba.core.dispatcher import Dispatcher

            for name, module in list(sys.modules.items()):
                if name.split(".")[0] in ("umap", "pynndescent"):
                    for obj in list(vars(module).values()):
                        if isinstance(obj, Dispatcher) and _reusable(obj):
                            with contextlib.suppress(Exception):  # no writable cache folder
                                obj.enable_caching()
            _umap_cache_on = True
    return umap


def _reusable(dispatcher) -> bool:
    # pynndescent passes its distance function, itself compiled, as the argument `dist`; the type
    # of such an argument names a memory address, so a cached copy would never be found again
    # and each process would only add files (and numba warns for some of them).
    return "dist" not in inspect.signature(dispatcher.py_func).parameters


_warm = threading.Event()


def warm_up(*, large: bool = True, full: bool = False) -> None:
    """Compile (or load from numba's disk cache) UMAP's code now, so the first real map does not
    wait: 12–47 s per path on an empty cache, 1–3 s from the disk cache.

    ``full`` runs real fits (spectral start, every epoch), which compiles everything a map
    needs: ``python -m core.precompile`` does that at install time to fill the disk cache. The
    default, used in the background of a running app, loads the same code with three epochs
    instead of hundreds: two full fits held the GIL in numba for seconds while users clicked.
    Runs in the calling thread; :func:`warm_up_in_background` starts it in a daemon thread once.
    """
    umap = import_umap()
    rng = np.random.default_rng(0)
    for n in (300, 4200) if large else (300,):  # >= 4096 points: the NNDescent path
        data = rng.normal(size=(n, 8)).astype(np.float32)
        if full:  # the settings of a real map (core.project.projection), every epoch
            umap.UMAP(n_components=2, n_neighbors=15, min_dist=0.1, metric="cosine",
                      random_state=0, init="spectral", n_jobs=1).fit(data)  # fmt: skip
        else:
            umap.UMAP(n_epochs=3, metric="cosine", random_state=0, n_jobs=1).fit(data)
    _warm.set()


_started = threading.Lock()
_thread: threading.Thread | None = None


def warm_up_in_background(
    *, large: bool = True, after: Callable[[], object] | None = None
) -> threading.Thread:
    """Start :func:`warm_up` once per process in a daemon thread; return that thread.

    ``after``, if given, is called (and waited for) in that thread first: the app passes "the
    default model has loaded", so the warm-up does not compete with the first page for the GIL
    and the two cores (it made a cold start ~3 s slower). Its errors are ignored here.
    """
    global _thread

    def run() -> None:
        if after is not None:
            with contextlib.suppress(Exception):
                after()
        warm_up(large=large)

    with _started:
        if _thread is None:
            _thread = threading.Thread(target=run, name="umap-warm-up", daemon=True)
            _thread.start()
    return _thread


def is_warm() -> bool:
    """True once :func:`warm_up` has finished in this process."""
    return _warm.is_set()
