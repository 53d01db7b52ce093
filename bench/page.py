"""Watching one browser tab: when the map is drawn, which spinners showed, what the server sent."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field

from bench.common import log

NEIGHBOURS_TEXT = "Nearest neighbours of"
# Where to click, relative to the centre of the plot's drag layer, until one hits a point.
CLICK_OFFSETS = ((0, 0), (12, 8), (-18, 14), (25, -20), (-35, -28), (50, 35), (-60, 45), (5, -55))

# One poll of the page: the drawn plot (or null), the visible spinners' texts, a problem shown.
_POLL_JS = """() => {
  const out = {plot: null, spinners: [], problem: null, heading: !!document.querySelector('h1'),
               running: !!document.querySelector('[data-testid="stStatusWidget"]'),
               text: document.body ? document.body.innerText.slice(0, 160) : ''};
  for (const p of document.querySelectorAll('.js-plotly-plot')) {
    const r = p.getBoundingClientRect(), st = getComputedStyle(p);
    if (r.width < 10 || r.height < 10 || st.visibility === 'hidden' || st.display === 'none') continue;
    const svg = p.querySelectorAll('.scatterlayer .point').length;
    const canvases = p.querySelectorAll('canvas').length;
    if (svg > 0 || canvases > 0) {
      const traces = (p._fullData || p.data || []).map(t => [t.type, t._length ?? 0]);
      out.plot = {svg, canvases, traces};
      break;
    }
  }
  for (const s of document.querySelectorAll('[data-testid="stSpinner"]'))
    out.spinners.push(s.innerText.trim().slice(0, 90));
  const ex = document.querySelector('[data-testid="stException"]');
  if (ex) out.problem = 'the page shows an exception: ' + ex.innerText.slice(0, 300);
  else if (document.body && document.body.innerText.includes('Page not found'))
    out.problem = 'Streamlit says "Page not found"';
  return out;
}"""


@dataclass
class Tab:
    """A page plus what was seen on it: spinner texts with first/last time seen, bytes received."""

    page: object
    opened: float = field(default_factory=time.perf_counter)
    spinners: dict[str, list[float]] = field(default_factory=dict)
    heading_at: float | None = None
    received: int = 0
    big_frame_at: float = 0.0  # perf_counter when the last frame over 1 MiB (a figure) arrived
    errors: list[str] = field(default_factory=list)
    _last: dict | None = None  # the latest poll's findings

    def watch(self) -> None:
        self.page.on("pageerror", lambda e: self.errors.append(str(e)[:200]))
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._count))

    def _count(self, payload) -> None:
        self.received += len(payload)
        if len(payload) > 2**20:
            self.big_frame_at = time.perf_counter()

    def poll(self) -> dict | None:
        try:
            seen = self.page.evaluate(_POLL_JS)
        except Exception:  # the page is navigating: try again
            return None
        self._last = seen
        now = time.perf_counter() - self.opened
        if seen["heading"] and self.heading_at is None:
            self.heading_at = now
        for text in seen["spinners"]:
            self.spinners.setdefault(text, [now, now])[1] = now
        if seen["problem"]:
            raise RuntimeError(seen["problem"])
        return seen["plot"]

    def wait_drawn(self, timeout: float, idle_limit: float = 20.0) -> dict:
        """Poll until a plotly plot with points is visible; raise with the reason if it cannot be.

        Gives up early when the page has stood idle (title shown, script not running, no
        spinner) for ``idle_limit`` seconds without a map: the page does not draw one.
        """
        end = time.perf_counter() + timeout
        idle_since = None
        while time.perf_counter() < end:
            plot = self.poll()
            if plot:
                return plot
            idle = (
                self._last
                and self._last["heading"]
                and not (self._last["running"] or self._last["spinners"])
            )
            idle_since = (idle_since or time.perf_counter()) if idle else None
            if idle_since and time.perf_counter() - idle_since > idle_limit:
                raise RuntimeError(
                    f"the page finished running without drawing a plotly map; it shows: "
                    f"{self._last['text']!r}"
                )
            time.sleep(0.05)
        raise TimeoutError(f"no plotly map with points within {timeout:.0f} s")

    def spinner_story(self) -> str:
        if not self.spinners:
            return "no spinner showed"
        return "spinners: " + "; ".join(
            f"“{text}” {a:.1f}–{b:.1f} s" for text, (a, b) in self.spinners.items()
        )


def open_tab(browser, url: str, timeout: float) -> tuple[Tab, float, dict]:
    """Open url in a new tab and wait for the map: (tab, seconds to drawn, what was drawn)."""
    tab = Tab(browser.new_page(viewport={"width": 1440, "height": 900}))
    tab.watch()
    tab.opened = time.perf_counter()
    tab.page.goto(url, wait_until="commit", timeout=timeout * 1000)
    plot = tab.wait_drawn(timeout)
    return tab, time.perf_counter() - tab.opened, plot


def describe(plot: dict) -> str:
    kinds = sorted({t for t, _ in plot["traces"]})
    points = sum(n or 0 for _, n in plot["traces"])
    return f"{points:,} points in {len(plot['traces'])} trace(s) of type {', '.join(kinds) or '?'}"


_PICK_DRAWN_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].some(
  p => (p._fullData || []).some(t => t.name === 'selected' && (t._length ?? 0) > 0))"""


@dataclass
class Click:
    """What one click on the map led to, in seconds from the click."""

    panel: float  # the neighbours list visible
    attempt: int  # which click near the centre hit a point
    sent: int  # bytes the server sent until the map was redrawn
    frame: float | None  # a frame over 1 MiB (the figure) arrived
    redrawn: float | None  # the map redrawn with the pick starred and its neighbours ringed


def click_until_neighbours(tab: Tab) -> Click:
    """Click near the plot's centre until the neighbours panel shows, then wait for the map to
    be redrawn with the pick marked on it."""
    page = tab.page
    box = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    if box is None:
        raise RuntimeError("the plot has no drag layer (.nsewdrag) to click on")
    panel = page.get_by_text(NEIGHBOURS_TEXT).first
    if panel.is_visible():
        raise RuntimeError(f"'{NEIGHBOURS_TEXT}' is visible before any click")
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for attempt, (dx, dy) in enumerate(CLICK_OFFSETS, 1):
        page.mouse.move(cx + dx, cy + dy)
        time.sleep(0.3)  # a user hovers before clicking; plotly finds the point on hover
        before, start = tab.received, time.perf_counter()
        page.mouse.click(cx + dx, cy + dy)
        try:
            panel.wait_for(state="visible", timeout=15_000 if attempt == 1 else 8_000)
            took = time.perf_counter() - start
            redrawn = None
            with contextlib.suppress(Exception):
                page.wait_for_function(_PICK_DRAWN_JS, timeout=30_000, polling=50)
                redrawn = time.perf_counter() - start
            frame = tab.big_frame_at - start if tab.big_frame_at > start else None
            return Click(took, attempt, tab.received - before, frame, redrawn)
        except Exception:
            log(f"browser: click {attempt} at offset ({dx}, {dy}) showed no neighbours")
    raise TimeoutError(
        f"no click of {len(CLICK_OFFSETS)} near the centre showed '{NEIGHBOURS_TEXT}'"
    )
