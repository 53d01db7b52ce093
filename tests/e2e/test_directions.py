"""The Directions page in the browser: the preset draws its strip and its WEAT, no traceback."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot
from tests.e2e.test_browser import LOAD

pytestmark = pytest.mark.e2e


def test_directions_opens_on_a_working_preset(app_url, page):
    page.goto(f"{app_url}/directions")
    page.get_by_text("Effect size d", exact=True).wait_for(timeout=LOAD)
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .scatterlayer .point').length === 20",
        timeout=60_000,
    )  # the 20 occupations on the strip
    assert page.get_by_text("Leaning most towards she / woman").count() == 1
    page.wait_for_selector(".js-plotly-plot .barlayer", timeout=60_000)  # WEAT's null histogram
    page.get_by_text("formula", exact=True).click()
    page.get_by_label("Direction formula").fill("king - ) man")
    page.keyboard.press("Enter")
    page.get_by_text("expected a word").wait_for(timeout=60_000)
    # the rest of the page stays (a rerun may briefly show the old element beside the new)
    expect(page.get_by_text("Effect size d", exact=True)).to_have_count(1, timeout=30_000)
    shot(page, "directions")
    assert page.get_by_text("Traceback").count() == 0
