"""Long work as jobs: a projection runs in a worker process (:mod:`core.project.worker`), so it reports a
real fraction done, can be stopped at once (the process is killed: its CPU and memory go back),
and leaves the server free to answer other sessions. Jobs are kept by key, so two sessions that
ask for the same map share one job. One idle worker, its UMAP code loaded, waits for the next
job; a cancelled job's worker is killed and replaced only when the next job comes.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
KEEP_FINISHED = 32  # finished jobs remembered (their state, not their results)


class Worker:
    """One ``python -m core.project.worker`` process in its own process group."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "core.project.worker"], cwd=ROOT, text=True, bufsize=1,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True,  # cancel kills it and anything it started
        )  # fmt: skip
        self.ready = False

    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, folder: Path) -> None:
        self.proc.stdin.write(f"{folder}\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):  # it had just ended
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def why_it_ended(self) -> str:
        code = self.proc.wait()
        if code == -signal.SIGKILL:
            return "it was killed, most likely for lack of memory"
        tail = (self.proc.stderr.read() or "").strip().splitlines()[-1:]  # type: ignore[union-attr]
        return f"exit status {code}{': ' + tail[0] if tail else ''}"


_lock = threading.Lock()
_idle: Worker | None = None


def prepare() -> None:
    """Start the idle worker now (it loads UMAP's code at low priority), if none waits."""
    global _idle
    with _lock:
        if _idle is None or not _idle.alive():
            _idle = Worker()


def _take() -> Worker:
    global _idle
    with _lock:
        worker, _idle = _idle, None
    return worker if worker is not None and worker.alive() else Worker()


def _give_back(worker: Worker) -> None:
    global _idle
    with _lock:
        if _idle is None and worker.alive():
            _idle, worker = worker, None
    if worker is not None:
        worker.kill()


@dataclass
class Job:
    """One long computation; pages read its fields while a thread here updates them."""

    key: str
    label: str
    guess: float | None = None  # the estimate before starting, in seconds
    started: float = field(default_factory=time.monotonic)
    state: str = "running"  # running, done, failed, cancelled
    fraction: float = 0.0
    message: str = "starting"
    error: str = ""
    ended: float | None = None

    @property
    def running(self) -> bool:
        return self.state == "running"

    def elapsed(self) -> float:
        return (self.ended or time.monotonic()) - self.started

    def remaining(self) -> float | None:
        """Seconds left: from the pace so far once there is one, else the first estimate."""
        elapsed = self.elapsed()
        if self.fraction >= 0.25 or (self.fraction >= 0.05 and self.guess is None):
            return elapsed * (1 - self.fraction) / self.fraction
        if self.guess is not None:
            return max(self.guess - elapsed, 0.0)
        return None

    def cancel(self) -> None:
        raise NotImplementedError


class ProjectionJob(Job):
    """core.project.projection.project in a worker; ``on_done(coords)`` runs when it succeeds."""

    worker: Worker | None = None

    def start(self, vectors: np.ndarray, spec: dict, on_done: Callable[[np.ndarray], None]):
        self._folder = Path(tempfile.mkdtemp(prefix="ee-job-"))
        np.save(self._folder / "vectors.npy", np.ascontiguousarray(vectors))
        (self._folder / "spec.json").write_text(json.dumps(spec))
        self._on_done = on_done
        self.worker = _take()
        if self.state == "cancelled":  # cancelled while it was being set up
            self.worker.kill()
        elif not self.worker.ready:
            self.message = "starting a worker (it loads UMAP's compiled code first)"
        self.worker.send(self._folder)
        threading.Thread(target=self._follow, name=f"job-{self.key[:8]}", daemon=True).start()
        return self

    def _follow(self) -> None:
        worker, outcome = self.worker, None
        try:
            for line in worker.proc.stdout:  # type: ignore[union-attr]
                kind, _, rest = line.rstrip("\n").partition(" ")
                if kind == "ready":
                    worker.ready = True
                elif kind == "progress":
                    fraction, _, message = rest.partition(" ")
                    self.fraction, self.message = float(fraction), message
                elif kind in ("done", "error"):
                    outcome = (kind, rest)
                    break
            self._finish(outcome)
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)
            self.ended = time.monotonic()

    def _finish(self, outcome: tuple[str, str] | None) -> None:
        if self.state == "cancelled":
            return
        if outcome is None:  # the worker died
            self.state, self.error = (
                "failed",
                f"The computation stopped ({self.worker.why_it_ended()}).",
            )
            return
        _give_back(self.worker)
        if outcome[0] == "error":
            self.state, self.error = "failed", outcome[1]
            return
        try:
            self._on_done(np.load(self._folder / "coords.npy"))
        except Exception as exc:  # noqa: BLE001 - said on the page, never raised in a thread
            self.state, self.error = "failed", f"The result could not be kept: {exc}"
            return
        self.fraction, self.state = 1.0, "done"

    def cancel(self) -> None:
        """Stop now: the worker process (and any it started) is killed."""
        if self.state != "running":
            return
        self.state, self.message = "cancelled", "cancelled"
        if self.worker is not None:
            self.worker.kill()


_jobs: dict[str, Job] = {}


def get(key: str) -> Job | None:
    with _lock:
        return _jobs.get(key)


def start_projection(
    key: str, vectors: np.ndarray, spec: dict, *, label: str, guess: float | None,
    on_done: Callable[[np.ndarray], None],
) -> Job:  # fmt: skip
    """The running job of this key, or a new one: one job per key at a time, so sessions asking
    for the same projection share it. A finished, failed or cancelled job is replaced."""
    with _lock:
        job = _jobs.get(key)
        if job is not None and job.running:
            return job
    job = ProjectionJob(key, label, guess)
    with _lock:
        if key in _jobs and _jobs[key].running:  # another session started it meanwhile
            return _jobs[key]
        _jobs[key] = job
        finished = [k for k, j in _jobs.items() if not j.running]
        for k in finished[: max(0, len(finished) - KEEP_FINISHED)]:
            del _jobs[k]
    return job.start(vectors, spec, on_done)
