"""End to end: the real server, the real page, real clicks in headless Chromium."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import serve, shot

pytestmark = pytest.mark.e2e
LOAD = 180_000  # ms: the first page of a fresh server loads the model; the first map runs t-SNE


def _wait_for_map(page):
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=LOAD)


def _click_point(page, word: str):
    """Click the dot whose label is ``word`` (labels are drawn for small sets)."""
    label = page.locator(".js-plotly-plot .textpoint text", has_text=word).first
    box = label.bounding_box()
    assert box, f"no label {word!r} on the map"
    # The dot sits just below its label (textposition 'top center').
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] + 6)


def test_start_page_shows_cat_kitten_dog(app_url, page):
    page.goto(app_url)
    page.get_by_text("Is a cat more like a kitten or a dog?").wait_for(timeout=LOAD)
    page.get_by_text("0.788").wait_for(timeout=LOAD)
    assert page.get_by_text("Traceback").count() == 0
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=60_000)
    shot(page, "start")


def test_map_click_shows_neighbours(app_url, page):
    page.goto(f"{app_url}/map")
    _wait_for_map(page)
    assert (
        page.locator(".js-plotly-plot .scatterlayer .point").count() >= 88
    )  # the 90-word list has 88 distinct words
    _click_point(page, "kitten") if page.locator(
        ".textpoint text", has_text="kitten"
    ).count() else _click_point(page, "dolphin")
    heading = page.get_by_text("Nearest neighbours of “")
    heading.wait_for(timeout=60_000)
    word = heading.inner_text().split("“")[1].rstrip("”")
    table = page.locator("[data-testid='stTable']").first
    table.wait_for(timeout=30_000)
    shot(page, "map-neighbours")
    rows = table.locator("tbody tr")
    assert rows.count() == 10  # the default k
    neighbours = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
    assert word and word not in neighbours  # an item is not its own neighbour
    scores = [float(rows.nth(i).locator("td").last.inner_text()) for i in range(rows.count())]
    assert scores == sorted(scores, reverse=True) and all(-1 <= s <= 1 for s in scores)
    if word == "kitten":
        assert "cat" in neighbours[:3]
    # the map rings the same ten neighbours, in a colour one can see
    page.wait_for_function(
        "() => (document.querySelector('.js-plotly-plot')._fullData || [])"
        ".some(t => t.name === 'highlighted')",
        timeout=30_000,
    )
    ringed = page.evaluate(
        """() => {
      const t = document.querySelector('.js-plotly-plot')._fullData.find(t => t.name === 'highlighted');
      const rings = [...document.querySelectorAll('.js-plotly-plot .scatterlayer .trace')]
        .map(g => [...g.querySelectorAll('.point')]).find(ps => ps.length === t._length);
      return {words: t.customdata.map(c => c[1]), color: t.marker.color, symbol: t.marker.symbol,
              stroke: rings ? getComputedStyle(rings[0]).strokeOpacity : null};
    }"""
    )
    assert sorted(ringed["words"]) == sorted(neighbours)
    assert ringed["symbol"] == "circle-open" and ringed["color"] != "rgba(0,0,0,0)"
    assert ringed["stroke"] not in (None, "0"), ringed
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
