"""One fresh process asking for its first UMAP map of 1,000 points; prints one JSON line.

python -m bench.umap_child cold        # no warm-up: the honest first-map cost
python -m bench.umap_child nocache     # as cold, without core switching on umap's disk cache
python -m bench.umap_child app DELAY   # as the app's start: the default model loads in the
                                       # background, then warm_up_in_background() runs after
                                       # it; the map is asked for DELAY seconds after start
"""

from __future__ import annotations

import time

START = time.perf_counter()  # before any heavy import: this is "process start"

import json  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402

WAIT_FOR_WARM_UP = 30.0  # seconds, after the two maps


def _vectors():
    from core.io.datasets import glove_top
    from core.models.registry import load_model

    return load_model("glove-6B-50d").encode(glove_top(1000).texts)


def main(mode: str, delay: float) -> dict:
    from core.project import projection, umap_code

    out: dict = {"mode": mode, "delay": delay}
    if mode == "nocache":  # reproduce core before umap's disk cache was switched on
        umap_code._umap_cache_on = True
    if mode == "app":
        from concurrent.futures import ThreadPoolExecutor

        from core.models.registry import DEFAULT_MODEL, load_model

        loading = ThreadPoolExecutor(1).submit(load_model, DEFAULT_MODEL)
        thread = umap_code.warm_up_in_background(after=loading.result)
        out["warm_up_called_at"] = time.perf_counter() - START
        finished: list[float] = []
        threading.Thread(
            target=lambda: (thread.join(), finished.append(time.perf_counter() - START)),
            daemon=True,
        ).start()
    t = time.perf_counter()
    vectors = _vectors()
    out["data_s"] = time.perf_counter() - t
    if mode == "app":
        time.sleep(max(0.0, START + delay - time.perf_counter()))
        out["warm_at_request"] = umap_code.is_warm()
    out["asked_at"] = time.perf_counter() - START
    t = time.perf_counter()
    projection.project(vectors, method="umap")
    out["first_s"] = time.perf_counter() - t
    t = time.perf_counter()
    projection.project(vectors, method="umap")
    out["second_s"] = time.perf_counter() - t
    if mode == "app":
        thread.join(timeout=WAIT_FOR_WARM_UP)  # its end is reported, not waited for at any cost
        time.sleep(0.05)
        out["warm_up_done_at"] = finished[0] if finished else None
        out["ended_at"] = time.perf_counter() - START
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0.0)))
