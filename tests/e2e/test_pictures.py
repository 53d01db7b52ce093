"""Pictures and files from the page itself: the map's PNG button (exactly the view on screen,
at the user's zoom), the map's points as CSV following a click at once (the click reruns only
the map's fragment), and a chart's toolbar camera giving SVG when the sidebar says so."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from tests.e2e.conftest import shot
from tests.e2e.test_browser import _camera, _on_screen, _wait_for_map

pytestmark = pytest.mark.e2e
LOAD = 180_000


def _zoom_and_pick(page) -> dict:
    start = _on_screen(page)
    page.mouse.move(start["x"], start["y"])
    for _ in range(2):
        page.mouse.wheel(0, -150)
        page.wait_for_timeout(250)
    page.wait_for_timeout(500)
    target = _on_screen(page)
    page.mouse.click(target["x"], target["y"])
    page.wait_for_function(
        f"() => __eeMap.current.data.selected === {target['row']} && __eeMap.current.drawnFor.rendered",
        timeout=60_000,
    )
    page.wait_for_timeout(300)  # the overlay's frame (rings, labels) on screen
    return target


def test_the_map_png_is_the_view_on_screen_and_the_csv_follows_the_click(app_url, page, tmp_path):
    page.goto(f"{app_url}/map")
    _wait_for_map(page)
    target = _zoom_and_pick(page)
    camera = _camera(page)
    size = page.evaluate(
        "() => { const c = __eeMap.current.deck.getCanvas(); return [c.width, c.height]; }"
    )
    with page.expect_download(timeout=60_000) as info:
        page.get_by_test_id("ee-png").click()
    download = info.value
    assert download.suggested_filename == "map.png"
    raw = download.path().read_bytes()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    picture = Image.open(io.BytesIO(raw)).convert("RGB")
    assert list(picture.size) == size
    pixels = np.asarray(picture).reshape(-1, 3)
    colours = {tuple(p) for p in pixels[:: max(1, len(pixels) // 200_000)]}
    assert len(colours) > 50, f"{len(colours)} colours: a blank picture?"
    ring = np.all(np.abs(pixels.astype(int) - [201, 42, 42]) <= 12, axis=1)
    assert ring.sum() > 20, "the neighbours' red rings (the overlay canvas) are in the picture"
    (tmp_path / "map.png").write_bytes(raw)
    picture.save(shot(page, "map-png-page").with_name("map-png.png"))
    assert _camera(page) == camera  # taking a picture does not move the map

    listed = [int(x) for x in page.locator("[data-testid='ee-neighbours'] li").evaluate_all(
        "els => els.map(e => e.dataset.id)")]  # fmt: skip
    button = page.get_by_role("button", name="Download the points (CSV)")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    table = pd.read_csv(info.value.path())
    assert len(table) == 88 and list(table.index[table["picked"]]) == [target["row"]]
    ranked = table.dropna(subset=["neighbour_rank"]).sort_values("neighbour_rank")
    assert list(ranked.index) == listed
    assert _camera(page) == camera
    assert page.get_by_text("Traceback").count() == 0


def _chart_download(page) -> tuple[str, bytes]:
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    camera = page.locator(".js-plotly-plot button.modebar-btn[data-title^='Download plot']").first
    with page.expect_download(timeout=60_000) as info:
        camera.click(force=True)
    return info.value.suggested_filename, info.value.path().read_bytes()


def test_a_charts_camera_gives_png_then_svg_as_the_sidebar_says(app_url, page):
    page.goto(app_url)
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=LOAD)
    name, raw = _chart_download(page)
    assert name == "start_heatmap.png" and raw[:8] == b"\x89PNG\r\n\x1a\n"
    page.locator("[data-testid='stSidebar']").locator("button", has_text="SVG").click()
    page.wait_for_function(
        """() => [...document.querySelectorAll('.js-plotly-plot button.modebar-btn')]
              .some(b => b.dataset.title === 'Download plot')""",
        timeout=60_000,
    )
    name, raw = _chart_download(page)
    assert name == "start_heatmap.svg"
    text = raw.decode("utf-8")
    assert text.lstrip().startswith("<svg") and "</svg>" in text
    shot(page, "chart-svg-choice")
    assert page.get_by_text("Traceback").count() == 0
