"""Projection jobs in a worker process: same result as in-process, shared by key, a real
fraction of progress, cancel kills the process, errors come back as messages."""

from __future__ import annotations

import time

import numpy as np
import pytest

from core.project import jobs
from core.project.projection import project

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def vectors():
    return np.random.default_rng(3).normal(size=(400, 16)).astype(np.float32)


def _wait(job, seconds=180):
    end = time.monotonic() + seconds
    while job.running and time.monotonic() < end:
        time.sleep(0.1)
    assert not job.running


def _start(key, vectors, spec, got):
    return jobs.start_projection(
        key, vectors, spec, label="t", guess=5.0, on_done=lambda coords: got.append(coords)
    )


def test_a_job_gives_what_project_gives_and_reports_its_progress(vectors):
    got, seen = [], []
    job = _start(f"same-{time.time_ns()}", vectors, {"method": "tsne", "perplexity": 12.0}, got)
    while job.running:
        seen.append(job.fraction)
        time.sleep(0.05)
    assert job.state == "done" and job.fraction == 1.0
    np.testing.assert_allclose(got[0], project(vectors, method="tsne", perplexity=12.0), atol=1e-4)
    assert seen == sorted(seen) and any(0 < f < 1 for f in seen)  # it moved, never backwards
    assert job.remaining() == 0.0


def test_two_askers_share_one_running_job(vectors):
    key = f"shared-{time.time_ns()}"
    first = _start(key, vectors, {"method": "tsne", "perplexity": 11.0}, [])
    second = _start(key, vectors, {"method": "tsne", "perplexity": 11.0}, [])
    assert second is first and jobs.get(key) is first
    _wait(first)


def test_cancel_kills_the_worker_and_nothing_is_kept(vectors):
    big = np.random.default_rng(4).normal(size=(6000, 30)).astype(np.float32)
    got = []
    job = _start(f"cancel-{time.time_ns()}", big, {"method": "tsne"}, got)
    time.sleep(1.0)
    proc = job.worker.proc
    job.cancel()
    assert proc.wait(timeout=5) == -9
    _wait(job, 10)
    assert job.state == "cancelled" and got == []
    again = _start(job.key, big[:300], {"method": "pca"}, got)  # a new job after a cancel
    assert again is not job
    _wait(again)
    assert again.state == "done" and got[0].shape == (300, 2)


def test_a_bad_parameter_comes_back_as_the_projection_error(vectors):
    job = _start(f"bad-{time.time_ns()}", vectors, {"method": "tsne", "perplexity": 9999.0}, [])
    _wait(job)
    assert job.state == "failed" and "perplexity must be between 0 and 133.0" in job.error


def test_the_worker_waits_for_the_next_job_with_its_code_loaded(vectors):
    job = _start(f"one-{time.time_ns()}", vectors, {"method": "pca"}, [])
    _wait(job)
    assert jobs._idle is job.worker and job.worker.alive() and job.worker.ready
    nxt = _start(f"two-{time.time_ns()}", vectors, {"method": "pca"}, [])
    assert nxt.worker is job.worker  # reused, not a new process
    _wait(nxt)


def test_time_left_comes_from_the_pace_once_there_is_one():
    job = jobs.Job("k", "t", guess=100.0)
    job.started -= 10
    assert 89 <= job.remaining() <= 91  # the estimate, less the time spent
    job.fraction = 0.5
    assert 9 <= job.remaining() <= 11  # half done in 10 s: about 10 s more
