"""How much CPU other processes (not this bench or its children) used while a bench ran.

On 2 cores a test suite running next to the bench can double its figures; the load average
cannot tell that apart from the bench's own work, so we count other processes' CPU time.
"""

from __future__ import annotations

import os
import threading

import psutil


class OtherCpu:
    """Samples every process once a second; ``seconds`` is the CPU time of the others so far."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self.seconds = 0.0
        self._last: dict[tuple[int, float], float] = {}  # (pid, create time) -> CPU seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="other-cpu", daemon=True)

    def start(self) -> OtherCpu:
        self._sample()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def _sample(self) -> None:
        snapshot: dict[int, tuple[int, tuple[int, float], float]] = {}
        for p in psutil.process_iter(["pid", "ppid", "create_time", "cpu_times"]):
            info = p.info
            if info["cpu_times"] is None:
                continue
            cpu = info["cpu_times"].user + info["cpu_times"].system
            snapshot[info["pid"]] = (info["ppid"], (info["pid"], info["create_time"]), cpu)
        me = os.getpid()
        for pid, (_, key, cpu) in snapshot.items():
            previous = self._last.get(key)
            self._last[key] = cpu
            if previous is not None and not _descends_from(pid, me, snapshot):
                self.seconds += max(0.0, cpu - previous)


def _descends_from(pid: int, ancestor: int, snapshot: dict) -> bool:
    for _ in range(64):  # parent chains are short; the bound guards against pid reuse loops
        if pid == ancestor:
            return True
        if pid not in snapshot or pid <= 1:
            return False
        pid = snapshot[pid][0]
    return False


def share(other_seconds: float, wall: float) -> float:
    """Other processes' CPU as a fraction of all cores over ``wall`` seconds."""
    return other_seconds / max(wall, 1e-9) / (os.cpu_count() or 1)
