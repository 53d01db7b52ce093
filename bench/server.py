"""`streamlit run app.py` as the bench starts it: own process group, health polling, memory sampling."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path


class Server:
    """`streamlit run app.py` in its own process group, with its memory sampled all along."""

    def __init__(self, app_dir: Path, log_path: Path, extra_args: tuple[str, ...] = ()) -> None:
        self.app_dir, self.log_path, self.extra_args = app_dir, log_path, extra_args
        self.port = _free_port()
        self.cache = tempfile.mkdtemp(prefix="bench-app-cache-")
        self.proc: subprocess.Popen | None = None
        self.samples: list[
            tuple[float, int]
        ] = []  # (seconds since start, RSS bytes incl. children)
        self._stop = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> float:
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "EMBEDDING_EXPLORER_CACHE": self.cache}
        cmd = [str(self.app_dir / ".venv/bin/streamlit"), "run", "app.py", "--server.port",
               str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false", *self.extra_args]  # fmt: skip
        self.t0 = time.perf_counter()
        log_file = open(self.log_path, "w")  # noqa: SIM115 (closed with the process)
        self.proc = subprocess.Popen(cmd, cwd=self.app_dir, env=env, stdout=log_file,
                                     stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        threading.Thread(target=self._sample, daemon=True).start()
        return self.t0

    def since_start(self) -> float:
        return time.perf_counter() - self.t0

    def wait_healthy(self, timeout: float = 60) -> float:
        while self.since_start() < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return self.since_start()
            except OSError:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"/_stcore/health did not answer within {timeout:.0f} s")

    def _sample(self) -> None:
        import psutil

        try:
            main = psutil.Process(self.proc.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            try:
                procs = [main, *main.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in procs if p.is_running())
            except psutil.Error:
                break
            self.samples.append((self.since_start(), rss))
            time.sleep(0.2)

    def peak(self, start: float = 0.0, end: float = float("inf")) -> int:
        return max((rss for t, rss in self.samples if start <= t <= end), default=0)

    def stop(self) -> None:
        self._stop.set()
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)  # only the group this bench started
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
