"""Long projections on the Map as jobs: a t-SNE or UMAP expected to take a while runs in a worker
process (core.project.jobs) while the map shows PCA; a progress bar with the fraction done and the time
left updates every second, and Cancel stops the work at once. Work expected to take over a minute
starts only when the user says so."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import streamlit as st

from components import resources
from components.map.controls import Settings
from components.widgets import plain
from core.keys import digest
from core.project import jobs
from core.project.projection import expected_seconds

JOB_FROM = 8  # seconds: a projection expected to take longer runs as a job, with Cancel
UMAP_LARGE = 4096  # points: from here UMAP uses NNDescent (see core.project.umap_code.warm_up)
LONG_WORK = 60  # seconds: a projection expected to take longer starts only when asked for
NAMES = {"tsne": "t-SNE", "umap": "UMAP", "pca": "PCA"}


def guard(vectors: np.ndarray, s: Settings) -> Settings:
    """The settings to draw now: ``s`` when its projection is quick or ready, else PCA while the
    job runs (or waits for a go), with the job's panel above the map."""
    n = len(vectors)
    guess = expected_seconds(s.method, n, s.dims)
    if s.method == "pca" or not needs_a_job(s.method, n, guess):
        return s
    wanted = dict(method=s.method, n_components=s.dims, **s.params)
    if resources.projection_ready(vectors, **wanted):
        return s
    job = resources.projection_job(vectors, **wanted)
    key = digest(vectors, sorted(wanted.items()))
    if job is None or not job.running:
        if st.session_state.get("map_following") != key:
            job = None  # another session's cancel or failure is not this one's business
        _said_before(job)
        if not _may_start(key, s, n, guess, job):
            return _pca(s)
        job = resources.projection_job(vectors, start=True, **wanted)
    st.session_state["map_following"] = key
    panel(job.key, key)
    return _pca(s)


def needs_a_job(method: str, n: int, guess: float | None) -> bool:
    """Long work, and every UMAP large enough for its approximate neighbour search (its
    compiled code is loaded in the worker, not in the server)."""
    return guess is None or guess >= JOB_FROM or (method == "umap" and n >= UMAP_LARGE)


def _pca(s: Settings) -> Settings:
    return replace(s, method="pca", params={})


def _said_before(job) -> None:
    """What became of the last job for these settings, if it did not succeed."""
    if job is None or job.state == "done":
        return
    if job.state == "failed":
        st.error(plain(job.error) or "The projection failed.", icon=":material/error:")
    elif job.state == "cancelled":
        st.info(
            f"{job.label} was cancelled after {duration(job.elapsed())}. The map shows PCA.",
            icon=":material/stop_circle:",
        )


def _may_start(key: str, s: Settings, n: int, guess: float | None, job) -> bool:
    """Quick enough and not just cancelled or failed, or the user pressed Run."""
    if st.session_state.get("map_long_ok") == key:
        return True
    stopped = job is not None and job.state in ("cancelled", "failed")
    if guess is not None and guess <= LONG_WORK and not stopped:
        return True
    label = NAMES[s.method]
    how_long = (
        "a long time" if guess is None
        else f"about {duration(guess)}"
    )  # fmt: skip
    if not stopped:
        st.warning(
            f"{label} of {n:,} points takes {how_long} on this server; meanwhile the map shows "
            "PCA, which is instant. You can cancel it while it runs; the result is kept for next "
            "time."
        )
    if st.button(f"Run {label} ({how_long})", key="map_long_go"):
        st.session_state["map_long_ok"] = key
        return True
    return False


@st.fragment(run_every=1.0)
def panel(job_key: str, key: str) -> None:
    """The running job's progress and its Cancel button, refreshed every second; when the job
    ends, the whole page reruns to draw the map (or say what went wrong)."""
    job = jobs.get(job_key)
    if job is None or not job.running:
        st.rerun()
    left = job.remaining()
    st.progress(
        job.fraction,
        text=f"{job.label}: {job.message} · {job.fraction:.0%} done · "
        + (f"about {duration(left)} left" if left is not None else "time left unknown")
        + f" ({duration(job.elapsed())} so far). Meanwhile the map shows PCA.",
    )
    st.button("Cancel", key="map_job_cancel", on_click=_cancel, args=(job_key, key))


def _cancel(job_key: str, key: str) -> None:
    job = jobs.get(job_key)
    if job is not None:
        job.cancel()
    if st.session_state.get("map_long_ok") == key:
        del st.session_state["map_long_ok"]


def duration(seconds: float) -> str:
    """3 s, 45 s, 2 min 5 s, 1 h 3 min."""
    s = max(0, round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s" if s % 60 else f"{s // 60} min"
    return f"{s // 3600} h {s % 3600 // 60} min"
