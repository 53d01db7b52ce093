"""Watching one browser tab: when the map component has drawn, which spinners showed, what the
server sent, and what a click on a point costs (times taken inside the page, bytes on the
websocket)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

# One poll of the page: the drawn map (or null), the visible spinners' texts, a problem shown.
_POLL_JS = """() => {
  const out = {plot: null, spinners: [], problem: null, heading: !!document.querySelector('h1'),
               running: !!document.querySelector('[data-testid="stStatusWidget"]'),
               text: document.body ? document.body.innerText.slice(0, 160) : ''};
  const st = globalThis.__eeMap && globalThis.__eeMap.current;
  if (st && st.drawnFor && st.drawnFor.rendered && st.baseShownAt)
    out.plot = {points: st.points.n, dims: st.points.dims, labels: st.labelsShown || 0};
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
    errors: list[str] = field(default_factory=list)
    _last: dict | None = None  # the latest poll's findings

    def watch(self) -> None:
        self.page.on("pageerror", lambda e: self.errors.append(str(e)[:200]))
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._count))

    def _count(self, payload) -> None:
        self.received += len(payload)

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
        """Poll until the map has drawn its points; raise with the reason if it cannot."""
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
                    f"the page finished running without drawing the map; it shows: "
                    f"{self._last['text']!r}"
                )
            time.sleep(0.05)
        raise TimeoutError(f"no map drawn within {timeout:.0f} s")

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
    return f"{plot['points']:,} points in {plot['dims']}D ({plot['labels']} text labels)"


# A point drawn near the map's centre: its row and where it is on the page.
_TARGET_JS = """([skip, dx]) => { const st = __eeMap.current, vp = st.deck.getViewports()[0];
  const box = st.dom.map.getBoundingClientRect(), c = st.points.coords, d = st.points.dims;
  let best = null;
  for (let i = 0; i < st.points.n; i++) {
    if (skip.includes(i)) continue;
    const [x, y] = vp.project(d === 3 ? [c[3*i], c[3*i+1], c[3*i+2]] : [c[2*i], c[2*i+1], 0]);
    if (x < 40 || y < 60 || x > vp.width - 40 || y > vp.height - 40) continue;
    const dist = Math.hypot(x - vp.width / 2 - dx, y - vp.height / 2);
    if (!best || dist < best.dist) best = {row: i, x: box.left + x, y: box.top + y, dist};
  }
  return best; }"""

_DONE_JS = """() => { const st = __eeMap.current;  // the dot hit (overlapping dots: the nearest)
  const d = st.drawnFor;
  return st.clickedRow !== undefined && st.data.selected === st.clickedRow && d.rendered
      && d.selected === st.clickedRow && d.at > st.clickedAt && d.rings > 0
    ? {inPage: d.rendered - st.clickedAt, answer: st.arrivedAt - st.clickedAt, rings: d.rings}
    : null; }"""


@dataclass
class Click:
    """One click on a point, until its neighbours are ringed on the map."""

    row: int
    in_page: float  # seconds from the click event to the frame with the rings drawn
    answer: float  # of which: until Python's answer (the neighbours) reached the page
    wall: float  # seconds from the mouse click (playwright) to the rings seen by polling
    sent: int  # bytes the server sent over the websocket meanwhile
    rings: int
    camera_kept: bool


def click_point(tab: Tab, skip: list[int], dx: float = 0, timeout: float = 60) -> Click:
    """Click the point nearest to dx pixels right of the map's centre (not one of ``skip``)
    and wait for the rings of the neighbours of the point hit."""
    page = tab.page
    target = page.evaluate(_TARGET_JS, [skip, dx])
    if target is None:
        raise RuntimeError("no point is drawn inside the map to click on")
    page.mouse.move(target["x"], target["y"])
    time.sleep(0.5)  # the user hovers, then settles, then clicks
    camera = page.evaluate("() => JSON.stringify(__eeMap.current.viewState)")
    page.evaluate("() => { delete __eeMap.current.clickedRow; }")
    before, start = tab.received, time.perf_counter()
    page.mouse.click(target["x"], target["y"])
    done = page.wait_for_function(_DONE_JS, timeout=timeout * 1000, polling=10)
    wall = time.perf_counter() - start
    time.sleep(0.5)  # anything still on its way counts too
    found = done.json_value()
    target["row"] = page.evaluate("() => __eeMap.current.clickedRow")
    kept = page.evaluate("() => JSON.stringify(__eeMap.current.viewState)") == camera
    return Click(target["row"], found["inPage"] / 1000, found["answer"] / 1000, wall,
                 tab.received - before,
                 found["rings"], kept)  # fmt: skip
