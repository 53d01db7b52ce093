"""End to end, an analyst's table (the bundled support tickets, 400 rows with dates): a click on
the legend filters the map and a brushed span of the time chart narrows it, the rows outside
stay drawn in grey and the camera stays; the time chart lists the fastest-growing group first;
a lasso's rows tagged by name come out in the points CSV."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.io.columns import as_dates
from core.io.datasets import load_dataset
from core.io.timeline import per_period, trends
from tests.e2e.conftest import shot
from tests.e2e.test_browser import LOAD, _camera, _wait_for_map

pytestmark = pytest.mark.e2e
MAP = "[data-testid='ee-map'] .ee-map"


def _kept(page) -> int | None:
    return page.evaluate("() => __eeMap.current.data.filter?.kept ?? null")


def _grey_rows(page) -> int:
    """Rows the points layer draws in the filter's grey (alpha 90)."""
    return page.evaluate(
        """() => { const c = __eeMap.current.pointsData.attributes.getFillColor.value; let n = 0;
      for (let i = 3; i < c.length; i += 4) if (c[i] === 90) n++; return n; }"""
    )


def _left_half_of_the_points(page) -> tuple[float, float, float, float]:
    """A box (page pixels) around the left half of the points drawn on screen."""
    x0, y0, x1, y1 = page.evaluate(
        """() => { const st = __eeMap.current, vp = st.deck.getViewports()[0];
      const box = st.dom.map.getBoundingClientRect(), c = st.points.coords;
      let a = [1e9, 1e9, -1e9, -1e9];
      for (let i = 0; i < st.points.n; i++) {
        let [x, y] = vp.project([c[2 * i], c[2 * i + 1], 0]);
        x = Math.min(Math.max(x, 40), vp.width - 10); y = Math.min(Math.max(y, 50), vp.height - 10);
        a = [Math.min(a[0], x), Math.min(a[1], y), Math.max(a[2], x), Math.max(a[3], y)];
      }
      return [box.left + a[0], box.top + a[1], box.left + a[2], box.top + a[3]]; }"""
    )
    return x0 - 5, y0 - 5, (x0 + x1) / 2, y1 + 5


def test_legend_and_time_brush_filter_the_map_and_a_lasso_tag_reaches_the_csv(app_url, page):
    data = load_dataset("support-tickets")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{app_url}/map?dataset=support-tickets&method=pca&colour=priority")
    _wait_for_map(page)
    camera = _camera(page)
    page.locator("[data-testid='ee-legend'] div[data-name='high']").click()
    page.wait_for_function("() => __eeMap.current.data.filter?.kept > 0", timeout=LOAD)
    high = data.columns["priority"].count("high")
    assert _kept(page) == high and page.evaluate("() => __eeMap.current.points.n") == 400
    page.wait_for_timeout(500)
    assert _grey_rows(page) == 400 - high and _camera(page) == camera
    shot(page, "table_legend_filter")

    page.locator("[data-testid='stExpander'] summary", has_text="Over time").click()
    chart = page.locator("[data-testid='stExpander'] .js-plotly-plot").last
    chart.wait_for(timeout=60_000)
    chart.scroll_into_view_if_needed()
    names = chart.locator(".legendtext").all_text_contents()
    slopes = trends(
        per_period(as_dates(data.columns["created_at"]), data.columns["priority"], "week")
    )
    assert names[0].startswith(f"{slopes.index[0]} (")  # the fastest growing first
    shot(page, "table_time_chart")
    box = chart.locator(".nsewdrag").first.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.95, y, steps=10)
    page.mouse.up()
    page.wait_for_function(f"() => __eeMap.current.data.filter?.kept < {high}", timeout=60_000)
    assert 0 < _kept(page) < high and _camera(page) == camera
    page.locator(MAP).scroll_into_view_if_needed()
    shot(page, "table_time_brushed")

    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function("() => !__eeMap.current.data.filter?.bits", timeout=60_000)
    page.locator(MAP).scroll_into_view_if_needed()
    page.wait_for_timeout(2000)  # the rerun the filter's end made is drawn
    page.get_by_role("button", name="Lasso").click()
    x0, y0, x1, y1 = _left_half_of_the_points(page)  # where they are now (after any scroll)
    page.mouse.move(x0, y0)
    page.mouse.down()
    for x, y in ((x1, y0), (x1, y1), (x0, y1), (x0, y0 + 5)):
        page.mouse.move(x, y, steps=8)
    page.mouse.up()
    page.wait_for_function("() => __eeMap.current.data.selection > 0", timeout=60_000)
    chosen = sorted(page.evaluate("() => [...__eeMap.current.data.selection_rows]"))
    page.get_by_text(f"Selection: {len(chosen)} item(s)").wait_for(timeout=60_000)
    page.get_by_label("Tag the selection").fill("look again")
    page.get_by_label("Tag the selection").press("Enter")
    tag = page.get_by_role("button", name="Tag them", exact=True)
    page.wait_for_function("() => [...document.querySelectorAll('button')].some(b => "
                           "b.innerText.trim() === 'Tag them' && !b.disabled)", timeout=60_000)  # fmt: skip
    tag.click()
    page.wait_for_function("() => location.search.includes('data=')", timeout=60_000)  # stored
    page.wait_for_timeout(1500)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Download the points (CSV)").click()
    points = pd.read_csv(info.value.path())
    assert len(points) == 400
    assert list(np.flatnonzero(points["tag"] == "look again")) == chosen
    shot(page, "table_tagged")
    assert page.get_by_text("Traceback").count() == 0
