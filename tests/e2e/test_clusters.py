"""End to end: named clusters on the real map — coarse names at the full view, finer names after
zooming in, no two names overlapping; picking a cluster in the panel selects it and leaves the
camera where the user put it."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import shot
from tests.e2e.test_browser import LOAD, _camera, _wait_for_map

pytestmark = pytest.mark.e2e


def _names(page) -> dict:
    """The names drawn now (level, and each name's screen box), once the overlay has drawn."""
    page.wait_for_function("() => __eeMap.current.namesShown?.names?.length > 0", timeout=60_000)
    return page.evaluate("() => __eeMap.current.namesShown")


def _overlapping(names: list[dict]) -> list[tuple[str, str]]:
    boxes = [(n["name"], n["box"]) for n in names]
    return [
        (a, b)
        for i, (a, p) in enumerate(boxes)
        for b, q in boxes[i + 1 :]
        if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]
    ]


def _zoom_in(page, steps: int) -> None:
    """Wheel in over the largest cluster of the finer level (its name stays on screen)."""
    x, y = page.evaluate(
        """() => { const st = __eeMap.current, vp = st.overlay.getViewports()[0];
      const fine = [...st.data.clusters.levels[1]].sort((a, b) => b.size - a.size)[0];
      const box = st.dom.map.getBoundingClientRect(), [x, y] = vp.project([...fine.at, 0]);
      return [box.left + x, box.top + y]; }"""
    )
    page.mouse.move(x, y)
    for _ in range(steps):
        page.mouse.wheel(0, -150)
        page.wait_for_timeout(300)
    page.wait_for_timeout(800)


def _choose_a_cluster(page) -> None:
    """The first cluster in the panel's list (the list opens on a click; a rerun of the map's
    fragment can redraw it just then, so the click is tried again)."""
    combo = page.get_by_role("combobox", name="Select a cluster")
    combo.wait_for(timeout=60_000)
    for _ in range(5):
        combo.scroll_into_view_if_needed()
        combo.click()
        try:
            page.get_by_role("option").nth(1).wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    page.get_by_role("option").nth(1).click()


def test_names_change_with_zoom_never_overlap_and_a_cluster_pick_keeps_the_camera(app_url, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{app_url}/map?dataset=support-tickets&method=umap")
    _wait_for_map(page)
    page.wait_for_function("() => __eeMap.current.data.clusters?.levels?.length >= 2", timeout=LOAD)
    levels = page.evaluate(
        "() => __eeMap.current.data.clusters.levels.map(l => l.map(c => c.name))"
    )
    full = _names(page)
    assert full["level"] == 0 and not _overlapping(full["names"])
    assert {n["name"] for n in full["names"]} <= set(levels[0])
    shot(page, "clusters_full_view")
    _zoom_in(page, 3)
    zoomed = _names(page)
    assert zoomed["level"] >= 1 and not _overlapping(zoomed["names"])
    assert {n["name"] for n in zoomed["names"]} <= set(levels[zoomed["level"]])
    shot(page, "clusters_zoomed")
    camera = _camera(page)
    page.locator("[data-testid='stExpander'] summary", has_text="Clusters (").click()  # the panel
    _choose_a_cluster(page)
    page.wait_for_function("() => __eeMap.current.data.selection > 0", timeout=60_000)
    page.wait_for_timeout(800)
    assert _camera(page) == camera  # picking a cluster never moves the camera
    ringed = page.evaluate(
        "() => __eeMap.current.overlay.props.layers.find(l => l.id === 'rings').props.data"
        ".filter(r => r.colour[2] === 245).length"
    )
    assert ringed == page.evaluate("() => __eeMap.current.data.selection") > 0  # ringed in blue
    assert page.get_by_text("Selection:").count() >= 1
    shot(page, "clusters_picked")
