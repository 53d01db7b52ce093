"""A reload of the tab keeps the data the user brought (the address names it)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_browser import LOAD, _on_screen, _wait_for_map

pytestmark = pytest.mark.e2e


def test_reloading_the_tab_keeps_typed_data_on_every_page(app_url, page):
    page.goto(f"{app_url}/data")
    box = page.get_by_label("One word or sentence per line")
    box.wait_for(timeout=LOAD)
    box.fill("apple\npear\nplum\ncherry\nbanana")
    box.press("Control+Enter")
    page.get_by_role("button", name="Explore these").click()
    page.get_by_text("Now exploring").wait_for(timeout=60_000)
    page.get_by_role("link", name="Map").first.click()
    _wait_for_map(page)
    assert "data=" in page.url
    page.reload()
    _wait_for_map(page)
    assert page.evaluate("() => __eeMap.current.points.n") == 5
    shot(page, "reload-keeps-data")
    chosen = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
    assert "Your data: typed items" in chosen.evaluate(
        "e => e.textContent + ' ' + (e.querySelector('input')?.value || '')"
    )
    assert page.get_by_text("Traceback").count() == 0


def _explore(page, app_url: str, text: str) -> None:
    page.goto(f"{app_url}/data")
    box = page.get_by_label("One word or sentence per line")
    box.wait_for(timeout=LOAD)
    box.fill(text)
    box.press("Control+Enter")
    page.get_by_role("button", name="Explore these").click()
    page.get_by_text("Now exploring").wait_for(timeout=60_000)


def _dataset(page) -> str:
    chosen = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
    return chosen.evaluate("e => e.textContent + ' ' + (e.querySelector('input')?.value || '')")


def test_a_click_on_the_map_then_another_page_keeps_your_data(app_url, page):
    """A click reruns only the map (a fragment); the next page once lost the sidebar's set."""
    _explore(page, app_url, "oak\npine\nbirch\nmaple\nwillow\nelm")
    page.get_by_role("link", name="Map").first.click()
    _wait_for_map(page)
    target = _on_screen(page)
    page.mouse.click(target["x"], target["y"])
    page.locator("[data-testid='ee-neighbours'] li").first.wait_for(timeout=60_000)
    page.get_by_role("link", name="Similarity").first.click()
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=60_000)
    assert "Your data: typed items" in _dataset(page)
    ticks = page.locator(".js-plotly-plot .xtick text").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    assert set(ticks) == {"oak", "pine", "birch", "maple", "willow", "elm"}
