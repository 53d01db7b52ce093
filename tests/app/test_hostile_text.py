"""The hostile corpus (tests/hostile.py) typed or uploaded on the Data page, then shown on the
Map, Similarity and Search pages: every string that reaches Streamlit markdown (captions,
messages, headings, expander labels, st.table cells) is escaped, and every plotly label is text.
The browser test (tests/e2e/test_hostile.py) checks what is then drawn."""

from __future__ import annotations

import json
import re

import pytest
from apptest_helpers import assert_ok, chart, explore_typed, new_app, open_page

from components.text import plain
from tests.hostile import HOSTILE, HOSTILE_CSV, LONG

RISKY = [h for h in HOSTILE if plain(h) != h]  # those markdown would read as markup


def unescape(text: str) -> str:
    """What the user reads: escapes undone, the invisible word joiners gone."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def markdown_texts(at) -> list[str]:
    """Every text of the page that Streamlit renders as markdown."""
    out = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader",
                 "header", "title"):  # fmt: skip
        out += [str(e.value) for e in getattr(at, kind)]
    out += [e.label for e in at.expander]
    for table in at.table:
        df = table.value
        out += [str(v) for v in df.to_numpy().ravel()] + [str(v) for v in df.index]
    return out


def assert_no_raw_markup(at):
    for text in markdown_texts(at):
        text = re.sub(r"\\.", "\0", text)  # what markdown reads as escaped is out of the way
        for h in RISKY:
            assert h not in text, f"{h!r} reaches markdown as typed in {text[:200]!r}"


@pytest.fixture(scope="module")
def at():
    return explore_typed(new_app(), "\n".join(HOSTILE))


def test_the_map_lists_hostile_neighbours_escaped_and_whole(at):
    open_page(at, "map")
    assert_no_raw_markup(at)
    row = HOSTILE.index("**bold**")
    at.session_state["map_selected"] = row
    at.run()
    assert_ok(at)
    assert_no_raw_markup(at)
    (table,) = at.table
    cells = [unescape(c) for c in table.value["item"]]
    assert all(c in HOSTILE for c in cells), cells  # escaped, not changed


def test_a_picked_long_item_gets_a_short_heading_and_stays_whole_in_the_table(at):
    at.session_state["map_selected"] = HOSTILE.index(LONG)
    at.run()
    assert_ok(at)
    (expander,) = [e for e in at.expander if e.label.startswith("Neighbours of")]
    assert len(expander.label) < 140, expander.label
    view = json.loads(next(e for e in at.get("bidi_component") if e.key == "map_view").proto.json)
    assert len(view["selected_text"]) <= 80 and view["selected_full"] == LONG
    assert all(len(x["text"]) <= 160 for x in view["neighbours"])


def test_similarity_heatmap_labels_are_text(at):
    open_page(at, "similarity")
    assert_no_raw_markup(at)
    heat = chart(at, "sim_heatmap")
    names = heat["data"][0]["x"] + heat["layout"]["xaxis"]["ticktext"]
    for name in names:
        assert not re.search(r"<(?!br>)", name) and "$" not in name, name


def test_search_of_hostile_documents_shows_them_as_text():
    at = open_page(new_app(), "search")
    at.text_input(key="search_query").input("**bold** $x^2$ [link](http://example.com)").run()
    at.text_area(key="search_docs").input("\n".join([*HOSTILE, "**bold**"])).run()
    assert_ok(at)
    assert_no_raw_markup(at)
    assert any("repeat an earlier text" in str(i.value) for i in at.info)  # quotes "**bold**"
    bars = chart(at, "search_bars")
    for name in bars["data"][0]["y"] + bars["layout"]["yaxis"]["ticktext"]:
        assert not re.search(r"<(?!br>)", name) and "$" not in name, name


def test_an_uploaded_csv_with_a_cell_over_two_lines_and_markup_labels():
    at = open_page(new_app(), "data")
    at.file_uploader(key="data_upload").set_value(("h.csv", HOSTILE_CSV, "text/csv")).run()
    assert_ok(at)
    at.button(key="data_upload_use").click().run()
    assert_ok(at)
    open_page(at, "map")
    at.session_state["map_selected"] = 0
    at.run()
    assert_ok(at)
    assert_no_raw_markup(at)
    (expander,) = [e for e in at.expander if e.label.startswith("Neighbours of")]
    assert "\n" not in expander.label and "\\#" in expander.label
    (table,) = at.table
    assert {unescape(g) for g in table.value["group"]} <= {"<b>group</b>", ":red[g]", "$y$"}
