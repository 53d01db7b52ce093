"""Browser rows: `streamlit run` cold → default map drawn, the same map again, the 100,000-word
WebGL map, a click → its neighbours, and the server's peak memory. Headless Debian Chromium
through playwright, against the contract in the bench brief (URLs, selectors, texts).
"""

from __future__ import annotations

import glob
import time
from pathlib import Path

from bench.common import INFO, MISS, PASS, ROOT, Row, at_most, log, seconds, skipped
from bench.page import NEIGHBOURS_TEXT, click_until_neighbours, describe, open_tab
from bench.server import Server

SECTION = "browser"
BIG_QUERY = "dataset=glove-top&n=100000&method=pca"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
NO_WATCHER = ("--server.fileWatcherType", "none")
MiB = 2**20


def _numba_cache_filled() -> bool:
    return bool(glob.glob(str(ROOT / ".venv/lib/python3*/site-packages/umap/__pycache__/*.nbi")))


def _cold(browser, server: Server) -> tuple[float, float, str]:
    """Start the server and open /map: (seconds from start to drawn, health, how it went)."""
    filled = _numba_cache_filled()
    server.start()
    health = server.wait_healthy()
    tab, _, plot = open_tab(browser, server.url + "/map", 180)
    drawn = server.since_start()
    opened = drawn - (time.perf_counter() - tab.opened)
    tab.page.close()
    story = (
        f"health answered at {health:.1f} s; page opened at {opened:.1f} s, its title showed "
        f"{tab.heading_at or 0:.1f} s later; {tab.spinner_story()} (times from opening the page); "
        f"drawn: {describe(plot)}. numba's disk cache for umap was "
        f"{'already filled' if filled else 'empty'} at start"
    )
    return drawn, health, story


def _cold_rows(browser, server: Server) -> list[Row]:
    log("browser: streamlit run (cold) → /map")
    drawn, health, story = _cold(browser, server)
    log(f"browser: health {health:.1f} s, default map drawn {drawn:.1f} s after start")
    status, how = at_most(drawn, 15)
    rows = [Row("browser_cold", SECTION,
                "`streamlit run` cold → the default map drawn in headless Chromium",
                seconds(drawn), "≤ 15 s", status,
                f"{how}. From starting the process (command line of the brief, file watcher on) "
                f"to a visible plot with points at /map, the browser already running; {story}.",
                why="" if status != MISS else COLD_WHY)]  # fmt: skip
    tab, again, _ = open_tab(browser, server.url + "/map", 120)
    tab.page.close()
    recomputed = [t for t in tab.spinners if t.startswith(("Running", "Encoding", "Loading"))]
    log(f"browser: the same map in a new session {again:.1f} s ({tab.spinner_story()})")
    rows.append(Row("browser_repeat", SECTION,
                    "The same default map again (new tab = new session, same inputs)",
                    f"{seconds(again)}, {'recomputed' if recomputed else 'nothing recomputed'}",
                    "~free: no re-encoding or re-projection", MISS if recomputed else PASS,
                    f"Against {drawn - health:.1f} s the first time. The app shows a spinner "
                    f"whenever it encodes, projects or loads; this time {tab.spinner_story()}. "
                    f"What remains is the page itself: Streamlit's frontend, the script rerun, "
                    f"plotly drawing.",
                    why=f"Recomputed: {recomputed}." if recomputed else ""))  # fmt: skip
    return rows


COLD_WHY = (
    "Before the first map the server imports torch + sentence-transformers (~7 s here), loads "
    "the model, encodes and projects, while the app's background UMAP warm-up compiles numba "
    "code in the same process (GIL and 2 cores shared). Streamlit's default file watcher makes it "
    "worse here: the virtualenv lives inside the watched project folder, so the thousands of files "
    "read by imports overflow its inotify queue and it re-walks the whole tree "
    "('Inotify queue overflowed' in bench/streamlit.log); see the row without the watcher."
)


def _no_watcher_row(browser) -> Row:
    """Diagnostic: the same cold start with Streamlit's file watcher off."""
    server = Server(ROOT, ROOT / "bench" / "streamlit-nowatcher.log", NO_WATCHER)
    try:
        log("browser: streamlit run (cold, file watcher off) → /map")
        drawn, _, story = _cold(browser, server)
        tab, again, _ = open_tab(browser, server.url + "/map", 120)
        tab.page.close()
    finally:
        server.stop()
    log(f"browser: without file watcher: drawn {drawn:.1f} s, again {again:.1f} s")
    status, how = at_most(drawn, 15)
    return Row("browser_cold_nowatcher", SECTION,
               "Diagnostic: the same cold start with `--server.fileWatcherType none`",
               seconds(drawn), "≤ 15 s", status,
               f"{how}. Same as the cold row plus that flag; the same map again in a new tab "
               f"then took {seconds(again)}. {story}.",
               why="" if status != MISS else "Still over: imports, model load and the "
               "background UMAP warm-up remain (see the cold row).")  # fmt: skip


def _big_rows(browser, server: Server) -> list[Row]:
    log("browser: the 100,000-word GloVe map")
    begin = server.since_start()
    tab, drawn, plot = open_tab(browser, f"{server.url}/map?{BIG_QUERY}", 240)
    log(f"browser: big map drawn in {drawn:.1f} s ({describe(plot)})")
    rows = [Row("browser_big_drawn", SECTION, "The 100,000-word GloVe map (WebGL) drawn",
                seconds(drawn), "reported", INFO,
                f"From opening /map?{BIG_QUERY} in a new tab to a visible plot; {describe(plot)}; "
                f"{tab.spinner_story()}; the server sent {tab.received / MiB:.1f} MiB over the "
                f"websocket.")]  # fmt: skip
    time.sleep(1.0)  # the user looks at the map before clicking
    what = "100,000-word map: a click → neighbours shown"
    try:
        click, attempt, sent, frame = click_until_neighbours(tab)
        arrived = f", the figure's frame arriving {frame:.1f} s after the click" if frame else ""
        log(f"browser: click → neighbours {click:.2f} s (attempt {attempt}, {sent / MiB:.1f} MiB)")
        status, how = at_most(click, 2.0)
        rows.append(Row("browser_click", SECTION, what, seconds(click), "≤ 2 s", status,
                        f"{how}. From the mouse click on a point to '{NEIGHBOURS_TEXT}' visible "
                        f"(click attempt {attempt} near the plot's centre hit a point); meanwhile "
                        f"the server sent {sent / MiB:.1f} MiB over the websocket{arrived}.",
                        why="" if status != MISS else _click_why(click, sent, frame)))  # fmt: skip
    except Exception as exc:
        rows.append(skipped("browser_click", SECTION, what, "≤ 2 s", str(exc)))
    time.sleep(1.0)
    tab.page.close()
    rows.append(Row("browser_memory", SECTION, "Peak memory of the app with the 100,000-word map",
                    f"{server.peak(begin) / MiB:,.0f} MiB", "reported", INFO,
                    f"Largest RSS of the streamlit process and its children, sampled every 0.2 s "
                    f"from opening the big map to after the click (peak over the whole run, with "
                    f"the earlier default-map sessions: {server.peak() / MiB:,.0f} MiB)."))  # fmt: skip
    return rows


def _click_why(click: float, sent: int, frame: float | None) -> str:
    split = (
        f"the server took {frame:.1f} s to rerun the page and send the figure, the browser "
        f"{click - frame:.1f} s more to parse it, redraw every point in software WebGL and show "
        f"the panel"
        if frame
        else "the figure's arrival could not be timed"
    )
    return (
        "A click reruns the whole page script, which builds the 100,000-point figure again and "
        f"sends all of it ({sent / MiB:.1f} MiB) to the browser: {split}. The neighbour search "
        "itself takes ~30 ms (kNN row)."
    )


ALL_ROWS = (
    ("browser_cold", "`streamlit run` cold → the default map drawn in headless Chromium", "≤ 15 s"),
    ("browser_repeat", "The same default map again (new tab = new session, same inputs)", "~free"),
    ("browser_big_drawn", "The 100,000-word GloVe map (WebGL) drawn", "reported"),
    ("browser_click", "100,000-word map: a click → neighbours shown", "≤ 2 s"),
    ("browser_memory", "Peak memory of the app with the 100,000-word map", "reported"),
    ("browser_cold_nowatcher", "Diagnostic: the same cold start with `--server.fileWatcherType none`", "≤ 15 s"),
)  # fmt: skip


def run(app_dir: Path = ROOT) -> list[Row]:
    from playwright.sync_api import sync_playwright

    rows: list[Row] = []
    server = Server(app_dir, ROOT / "bench" / "streamlit.log")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            try:
                rows += _cold_rows(browser, server)
                rows += _big_rows(browser, server)
                server.stop()
                rows.append(_no_watcher_row(browser))
            finally:
                browser.close()
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}"
        log(f"browser: stopped: {reason}")
        done = {r.key for r in rows}
        rows += [skipped(k, SECTION, w, t, reason) for k, w, t in ALL_ROWS if k not in done]
    finally:
        server.stop()
    return rows
