"""A link opens the same view in a new browser tab: the picked item with its neighbours ringed,
and the analogy's answer."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_browser import LOAD, _ringed, _wait_for_map

pytestmark = pytest.mark.e2e


def test_a_map_link_opens_its_pick_with_the_neighbours_listed_and_ringed(app_url, page):
    page.goto(f"{app_url}/map?dataset=ninety-words&pick=dolphin&k=5")
    _wait_for_map(page)
    panel = page.locator("[data-testid='ee-map']")
    panel.get_by_text("dolphin", exact=False).first.wait_for(timeout=LOAD)
    page.wait_for_function("() => __eeMap.current.overlay.props.layers.find(l => "
                           "l.id === 'rings').props.data.length >= 5", timeout=60_000)  # fmt: skip
    assert len(_ringed(page)) == 5
    assert "pick=dolphin" in page.url
    shot(page, "link-map")


def test_an_analogy_link_shows_its_answer(app_url, page):
    page.goto(f"{app_url}/analogy?a=france&b=paris&c=germany")
    page.get_by_text("paris − france + germany ≈").wait_for(timeout=LOAD)
    assert page.get_by_text("berlin", exact=True).count() >= 1
    assert page.get_by_text("Traceback").count() == 0
