"""Presentation mode: Present in the sidebar, then Next through the prepared views; each step
opens its page with its settings; Exit brings the controls back."""

from __future__ import annotations

from apptest_helpers import assert_ok, map_view, new_app, open_page, values


def title(at) -> str:
    return at.title[0].value


def answer(at) -> str:
    return next(m for m in values(at.markdown) if m.startswith("### "))


def click(at, key: str):
    at.button(key=key).click().run()
    assert_ok(at)
    return at


def test_presentation_mode_steps_through_its_views():
    at = open_page(new_app(), "similarity")
    click(at, "present_start")
    assert title(at) == "Start here" and at.session_state["present_on"] is True
    assert "1 / 7" in " ".join(values(at.markdown))
    assert at.button(key="present_prev").disabled
    click(at, "present_next")
    assert title(at) == "Map" and map_view(at)["selected"] is None
    click(at, "present_next")
    assert map_view(at)["selected_text"] == "dolphin" and len(map_view(at)["neighbours"]) == 10
    click(at, "present_next")
    named = " ".join(c["name"] for c in map_view(at)["clusters"]["levels"][0])
    assert at.session_state["frame_dataset"] == "support-tickets" and "charged twice" in named
    click(at, "present_next")
    assert title(at) == "Analogy" and answer(at) == "### king − man + woman ≈ **queen**"
    click(at, "present_next")
    assert answer(at) == "### king − man + woman ≈ **king**"
    click(at, "present_prev")
    assert answer(at) == "### king − man + woman ≈ **queen**"
    click(at, "present_next")
    click(at, "present_next")
    assert title(at) == "Context" and at.button(key="present_next").disabled
    click(at, "present_exit")
    assert at.session_state["present_on"] is False
    assert not [b for b in at.button if b.key == "present_next"]
