"""End to end: the real server, the real page, real clicks in headless Chromium."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import serve, shot

pytestmark = pytest.mark.e2e
LOAD = 180_000  # ms: the first page of a fresh server loads the model; the first map runs t-SNE


def _wait_for_map(page):
    """The map component has drawn (deck.gl rendered the points at least once)."""
    page.wait_for_function(
        "() => globalThis.__eeMap?.current?.drawnFor?.rendered && __eeMap.current.baseShownAt",
        timeout=LOAD,
    )


def _camera(page) -> dict:
    return page.evaluate(
        "() => { const v = __eeMap.current.viewState; return {target: v.target, zoom: v.zoom}; }"
    )


def _on_screen(page, near: str = "centre") -> dict:
    """A point drawn well inside the map (row id, x, y in page pixels), nearest the centre."""
    found = page.evaluate(
        """() => { const st = __eeMap.current, vp = st.deck.getViewports()[0];
      const box = st.dom.map.getBoundingClientRect(), c = st.points.coords; let best = null;
      for (let i = 0; i < st.points.n; i++) {
        const [x, y] = vp.project([c[2 * i], c[2 * i + 1], 0]);
        if (x < 30 || y < 50 || x > vp.width - 30 || y > vp.height - 30) continue;
        const d = Math.hypot(x - vp.width / 2, y - vp.height / 2);
        if (!best || d < best.d) best = {row: i, x: box.left + x, y: box.top + y, d};
      }
      return best; }"""
    )
    assert found, "no point inside the map"
    return found


def _ringed(page) -> list[int]:
    """Row ids of the red neighbour rings in the layer deck.gl draws."""
    return page.evaluate(
        """() => __eeMap.current.overlay.props.layers.find(l => l.id === 'rings').props.data
              .filter(r => r.colour[0] === 201).map(r => r.id)"""
    )


def test_start_page_shows_cat_kitten_dog(app_url, page):
    page.goto(app_url)
    page.get_by_text("Is a cat more like a kitten or a dog?").wait_for(timeout=LOAD)
    page.get_by_text("0.788").wait_for(timeout=LOAD)
    assert page.get_by_text("Traceback").count() == 0
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=60_000)
    shot(page, "start")


def test_map_zoom_then_click_keeps_the_view_and_rings_the_neighbours(app_url, page):
    page.goto(f"{app_url}/map")
    _wait_for_map(page)
    assert page.evaluate("() => __eeMap.current.points.n") == 88
    start = _on_screen(page)
    page.mouse.move(start["x"], start["y"])
    for _ in range(3):
        page.mouse.wheel(0, -150)
        page.wait_for_timeout(250)
    page.wait_for_timeout(500)
    zoomed = _camera(page)
    assert zoomed["zoom"] > page.evaluate("() => __eeMap.current.deck.props.initialViewState.zoom")
    target = _on_screen(page)
    page.mouse.click(target["x"], target["y"])
    page.wait_for_function(
        f"() => __eeMap.current.data.selected === {target['row']} && __eeMap.current.drawnFor.rendered",
        timeout=60_000,
    )
    items = page.locator("[data-testid='ee-neighbours'] li")
    assert items.count() == 10  # the default k
    listed = [int(items.nth(i).get_attribute("data-id")) for i in range(10)]
    assert target["row"] not in listed
    assert sorted(_ringed(page)) == sorted(listed)
    scores = [float(items.nth(i).locator(".ee-score").inner_text()) for i in range(10)]
    assert scores == sorted(scores, reverse=True) and all(-1 <= s <= 1 for s in scores)
    assert _camera(page) == zoomed  # exactly the view the user left
    shot(page, "map-neighbours")
    # a neighbour in the list is one click away, and the camera still does not move
    items.nth(0).click()
    page.wait_for_function(
        f"() => __eeMap.current.data.selected === {listed[0]} && __eeMap.current.drawnFor.rendered",
        timeout=60_000,
    )
    assert _camera(page) == zoomed
    page.get_by_role("button", name="Reset view").click()
    page.wait_for_timeout(600)
    assert _camera(page) != zoomed
    assert page.get_by_text("Traceback").count() == 0


def test_lasso_lists_the_selection(app_url, page):
    page.goto(f"{app_url}/map")
    _wait_for_map(page)
    box = page.locator("[data-testid='ee-map'] .ee-map").bounding_box()
    page.get_by_role("button", name="Lasso").click()
    x0, y0 = box["x"] + 40, box["y"] + 60
    x1, y1 = box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.6
    page.mouse.move(x0, y0)
    page.mouse.down()
    for x, y in ((x1, y0), (x1, y1), (x0, y1), (x0, y0 + 5)):
        page.mouse.move(x, y, steps=8)
    page.mouse.up()
    chosen = page.evaluate("() => __eeMap.current.lassoed.length")
    assert chosen > 0
    heading = page.get_by_text(f"Selection: {chosen} item(s)")
    heading.wait_for(timeout=60_000)
    shown = page.locator("[data-testid='stDataFrame']").first
    shown.wait_for(timeout=30_000)
    heading.scroll_into_view_if_needed()
    download = page.get_by_role("button", name="Download the selection (CSV)")
    download.wait_for(timeout=30_000)  # drawn after the table, a moment later
    assert download.count() == 1
    shot(page, "map-lasso")
    assert _camera(page)["zoom"] == page.evaluate(
        "() => __eeMap.current.deck.props.initialViewState.zoom"
    )  # a lasso does not move the map
    assert page.get_by_text("Traceback").count() == 0


def test_analogy_page_shows_queen_and_the_exclusion(app_url, page):
    page.goto(f"{app_url}/analogy")
    page.get_by_text("Where the input words rank").wait_for(timeout=LOAD)
    page.get_by_text("Without the exclusion the answer would be").wait_for(timeout=60_000)
    assert page.get_by_text("≈ queen").count() >= 1
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .bars .point').length >= 10", timeout=60_000
    )
    shot(page, "analogy")


def test_a_fresh_server_opened_at_a_page_address_shows_the_real_app(browser, tmp_path):
    """The first visit to a new server opens /map directly (a shared link, a bookmark). Streamlit
    used to run pages/map.py alone then, as if there were no app.py: a menu of file names
    ("app", "analogy", …) and a narrow layout. It must be the app's own menu and wide layout."""
    with serve(tmp_path) as url:
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        page.goto(f"{url}/map")
        _wait_for_map(page)
        nav = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert "Start here" in nav and "Similarity" in nav, nav
        assert "app" not in nav.split()
        assert page.locator("h1").first.inner_text() == "Map"
        main = page.locator("[data-testid='stMainBlockContainer']").bounding_box()
        assert main and main["width"] > 900, main  # layout="wide" (centred is ~736 px)
        shot(page, "map-first-visit")
        ctx.close()
