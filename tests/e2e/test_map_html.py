"""The map downloaded as HTML: taken from the Map page (AppTest), then opened from disk in
headless Chromium with every network request refused: the points draw and a hover names one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))


def _downloaded_map() -> tuple[bytes, list[str]]:
    from apptest_helpers import file_id, map_points, new_app, open_page, recorded_downloads

    at = new_app()
    at.session_state["map_method"] = "pca"
    open_page(at, "map")
    with recorded_downloads() as stored:
        at.toggle(key="map_export").set_value(True).run()
    button = next(b for b in at.download_button if b.key == "map_dl_html")
    return stored[file_id(button)][0], [t for _, t in map_points(at)]


def test_the_html_map_opens_offline_and_names_a_point_on_hover(browser, tmp_path):
    page_bytes, texts = _downloaded_map()
    path = tmp_path / "map.html"
    path.write_bytes(page_bytes)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    asked: list[str] = []

    def refuse(route):
        asked.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith("file:"), refuse)
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_function("() => window.__eeExport && window.__eeExport.rendered", timeout=60_000)
    assert page.evaluate("() => window.__eeExport.n") == len(texts) == 88
    assert page.get_by_text("Colour: group").count() == 1
    # hover a point where deck.gl draws it: its text shows in the tooltip
    box = page.locator("#map").bounding_box()
    for row in (0, 40, 80):
        x, y = page.evaluate(
            """(i) => { const e = window.__eeExport, d = window.EE_DATA;
              const c = new Float32Array(Uint8Array.from(atob(d.coords), ch => ch.charCodeAt(0)).buffer);
              return e.deck.getViewports()[0].project([c[2 * i], c[2 * i + 1], 0]).slice(0, 2); }""",
            row,
        )
        page.mouse.move(box["x"] + x, box["y"] + y)
        tip = page.locator(".deck-tooltip")
        tip.wait_for(timeout=10_000)
        assert tip.inner_text().strip() in texts
    shot(page, "map-html")
    assert asked == []  # nothing was fetched: deck.gl and the data are in the file
    context.close()
