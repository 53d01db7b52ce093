"""Geometry in the browser: the Map's "neighbours kept" colouring as a user picks it (the camera
stays), and the Geometry page's sections drawn without a traceback."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_browser import LOAD, _camera, _wait_for_map

pytestmark = pytest.mark.e2e


def test_colour_by_neighbours_kept_paints_a_ramp_and_keeps_the_view(app_url, page):
    page.goto(f"{app_url}/map")
    _wait_for_map(page)
    box = page.locator("[data-testid='ee-map'] .ee-map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)  # zoom in a little first
    page.wait_for_timeout(800)
    before = _camera(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    box = sidebar.locator("[data-testid='stSelectbox']").filter(has_text="Colour by")
    box.scroll_into_view_if_needed()
    box.locator("input").click()  # the box itself (its label and help icon do not open it)
    page.get_by_role("option", name="neighbours kept").click()
    legend = page.locator("[data-testid='ee-legend']")
    legend.get_by_text("Colour: neighbours kept").wait_for(timeout=60_000)
    assert legend.locator(".ee-ramp").count() == 1  # a ramp, not categories
    shades = page.evaluate(
        """() => { const c = __eeMap.current.colours.rgba, seen = new Set();
              for (let i = 0; i < c.length; i += 4) seen.add(`${c[i]},${c[i + 1]},${c[i + 2]}`);
              return seen.size; }"""
    )
    assert shades >= 3  # the points are painted by how many neighbours the map kept
    assert _camera(page) == before  # a new colouring does not move the map
    assert page.get_by_text("continuity").count() >= 1
    shot(page, "map-neighbours-kept")
    assert page.get_by_text("Traceback").count() == 0


def test_geometry_page_draws_every_section(app_url, page):
    page.goto(f"{app_url}/geometry")
    # the last section, drawn after the benchmarks' correlations are computed
    page.get_by_text("Where the map lies").wait_for(timeout=LOAD)
    for heading in ("Hubs: items that are everybody's neighbour", "Do all vectors point",
                    "Do the neighbours depend on the setting?", "Does it agree with people?"):  # fmt: skip
        assert page.get_by_text(heading).count() >= 1, heading
    page.wait_for_selector(".js-plotly-plot .barlayer", timeout=60_000)  # the N_k histogram
    shot(page, "geometry")
    assert page.get_by_text("Traceback").count() == 0
