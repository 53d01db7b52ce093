"""Long work in the real browser: a t-SNE runs as a job in a worker process, with a progress bar;
Cancel kills it (its CPU use stops within seconds) and the page stays usable; meanwhile another
session's pages answer."""

from __future__ import annotations

import time
from urllib.parse import urlparse

import psutil
import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_browser import LOAD, _on_screen, _wait_for_map

pytestmark = pytest.mark.e2e
# 30,000 GloVe words by t-SNE: about 30 s expected, so it runs as a job and starts unasked.
LONG = "/map?dataset=glove-top&n=30000&method=tsne"


def _server(app_url: str) -> psutil.Process:
    port = str(urlparse(app_url).port)
    for p in psutil.process_iter(["cmdline"]):
        cmd = p.info["cmdline"] or []
        if "streamlit" in " ".join(cmd) and port in cmd:
            return p
    raise AssertionError("no streamlit server process found")


def _workers(server: psutil.Process) -> list[psutil.Process]:
    return [
        c for c in server.children(recursive=True) if "core.project.worker" in " ".join(c.cmdline())
    ]


def _cpu_seconds(procs: list[psutil.Process]) -> float:
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def _cores_busy(server: psutil.Process, seconds: float = 2.0) -> float:
    """Average cores used by the server and everything it started, over a few seconds."""
    tree = [server, *server.children(recursive=True)]
    before = _cpu_seconds(tree)
    time.sleep(seconds)
    return (_cpu_seconds(tree) - before) / seconds


def _quiet(server: psutil.Process, most: float = 0.3, seconds: float = 240) -> list[float]:
    """Wait until the server and its children use under ``most`` cores (after a start, the
    server and its idle worker load compiled code); the last readings."""
    busy: list[float] = []
    end = time.time() + seconds
    while time.time() < end:
        busy.append(_cores_busy(server, 1.5))
        if busy[-1] < most:
            return busy
    raise AssertionError(f"still busy: {busy[-5:]}")


def _start_long_job(app_url: str, page, long: str = LONG) -> None:
    page.goto(app_url)
    page.get_by_text("0.788").wait_for(timeout=LOAD)
    _quiet(_server(app_url))
    page.goto(app_url + long)
    page.locator("[data-testid='stProgress']").wait_for(timeout=LOAD)
    page.get_by_role("button", name="Cancel").wait_for(timeout=LOAD)


def test_cancel_stops_a_long_projection_and_the_page_stays_usable(app_url, page):
    server = _server(app_url)
    _start_long_job(app_url, page)
    (worker,) = _workers(server)
    time.sleep(2)
    before = _cpu_seconds([worker])
    time.sleep(3)
    assert _cpu_seconds([worker]) - before > 0.75  # it really works (so the drop means something)
    text = page.locator("[data-testid='stProgress']").inner_text()
    assert "t-SNE of 30,000 points" in text and "left" in text
    shot(page, "job-running")
    page.get_by_role("button", name="Cancel").click()
    page.get_by_text("was cancelled after").wait_for(timeout=30_000)
    deadline = time.time() + 5
    while _workers(server) and time.time() < deadline:
        time.sleep(0.2)
    assert not _workers(server), "the worker process still runs after Cancel"
    # the page reruns once (the PCA map): then nothing works any more
    busy = _quiet(server, most=0.15, seconds=8)
    print("cores busy after Cancel, per 1.5 s:", busy)
    # usable again: the PCA map answers a click, and nothing restarts by itself
    _wait_for_map(page)
    target = _on_screen(page)
    page.mouse.click(target["x"], target["y"])
    page.locator("[data-testid='ee-neighbours'] li").first.wait_for(timeout=60_000)
    assert page.get_by_role("button", name="Run t-SNE").count() == 1
    assert not _workers(server)
    shot(page, "job-cancelled")
    assert page.get_by_text("Traceback").count() == 0


def test_another_session_answers_while_a_job_runs(app_url, browser, page):
    _start_long_job(app_url, page, LONG.replace("30000", "50000"))  # about a minute
    other = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    try:
        started = time.monotonic()
        other.goto(f"{app_url}/similarity", timeout=60_000)
        other.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=60_000)
        other.goto(app_url, timeout=60_000)
        other.get_by_text("0.788").wait_for(timeout=60_000)
        answered = time.monotonic() - started
        assert page.locator("[data-testid='stProgress']").count() == 1  # the job still runs
        print(f"the other session's two pages answered in {answered:.0f} s")  # speed: make bench
        shot(other, "job-other-session")
    finally:
        other.context.close()
        page.get_by_role("button", name="Cancel").click()
    page.get_by_text("was cancelled after").wait_for(timeout=30_000)
