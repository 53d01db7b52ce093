"""The map's side panel: long texts arrive shortened for its headings and list, whole (up to a
limit) for the hover title; user text otherwise as typed (the browser sets textContent)."""

from __future__ import annotations

import numpy as np

from components.map.click import HEADING_CHARS, LIST_CHARS, view_data
from core.neighbours.index import NeighbourIndex
from tests.hostile import HOSTILE, LONG


def test_a_long_pick_gets_a_short_heading_and_its_whole_text_for_the_hover():
    v = np.random.default_rng(0).normal(size=(len(HOSTILE), 8)).astype(np.float32)
    row = HOSTILE.index(LONG)
    found = NeighbourIndex(v, "cosine").query(HOSTILE.index("**bold**"), k=len(HOSTILE) - 1)
    view = view_data(
        points="p", colours="c", dims=2, texts=HOSTILE, labels=["g"] * len(HOSTILE),
        selected=row, neighbours=found, query="x " * 100,
    )  # fmt: skip
    assert len(view["selected_text"]) <= HEADING_CHARS and view["selected_full"] == LONG
    assert len(view["query"]) <= HEADING_CHARS and view["query_full"] == ("x " * 100).strip()
    long_entry = next(x for x in view["neighbours"] if x["id"] == row)
    assert len(long_entry["text"]) <= LIST_CHARS and LONG.startswith(long_entry["full"][:-1])
    short_ones = [x for x in view["neighbours"] if x["id"] != row]
    assert {x["text"] for x in short_ones} == set(HOSTILE) - {LONG, "**bold**"}  # as typed
    assert all("full" not in x for x in short_ones)
