"""The Map page on its default example (the 90 words, all-MiniLM-L6-v2, t-SNE) and its controls.

Chart clicks cannot be made under AppTest: a pick is simulated by setting ``map_selected`` (what a
click stores, see components/selection.py and the browser test). Each test gets a fresh session;
the encoding and the default map are computed once per process and shared.
"""

from __future__ import annotations

import numpy as np
import pytest
from apptest_helpers import (
    array,
    assert_ok,
    chart,
    map_points,
    new_app,
    one_text,
    open_page,
    trace_named,
    values,
)

N = 88  # the 90-word list, "swimmer" and "surfer" kept once


@pytest.fixture
def at():
    return open_page(new_app(), "map")


def neighbours(at) -> list[str]:
    assert len(at.table) == 1, "expected one neighbours table"
    return list(at.table[0].value["item"])


def scores(at, column: str) -> list[float]:
    return [float(s) for s in at.table[0].value[column]]


def select(at, row: int):
    at.session_state["map_selected"] = row
    at.run()
    assert_ok(at)
    return at


def test_default_map_is_drawn_with_every_word(at):
    assert at.title[0].value == "Map"
    assert at.segmented_control(key="map_method").value == "tsne"
    assert at.segmented_control(key="map_dims").value == 2
    spec = chart(at, "map_chart")
    pts = map_points(spec)
    assert sorted(r for r, _ in pts) == list(range(N))
    texts = dict(pts)
    assert texts[0] == "cat" and "kangaroo" in texts.values()
    assert len([t for t in spec["data"] if t["type"] == "scatter"]) == 18  # one per group
    assert values(at.subheader) == ["Nearest neighbours"]
    assert not at.info  # the built-in set has no repeats to explain
    assert "Trustworthiness of this map" in one_text(at.caption)


def test_selecting_a_row_lists_its_neighbours_and_marks_them(at):
    select(at, 0)
    assert values(at.subheader) == ["Nearest neighbours of “cat”"]
    found = neighbours(at)
    assert len(found) == 10
    assert found[0] == "dog"
    assert "cat" not in found
    s = scores(at, "cosine similarity")
    assert s == sorted(s, reverse=True) and s[0] == pytest.approx(0.661, abs=1e-3)
    spec = chart(at, "map_chart")
    assert [int(r) for r, _ in trace_named(spec, "selected")["customdata"]] == [0]
    ringed = {text for _, text in trace_named(spec, "highlighted")["customdata"]}
    assert ringed == set(found)


def test_picking_from_the_list_selects_too(at):
    at.selectbox(key="map_pick_None").set_value(3).run()
    assert_ok(at)
    assert at.session_state["map_selected"] == 3
    assert values(at.subheader) == ["Nearest neighbours of “lion”"]
    assert "tiger" in neighbours(at)[:3]


@pytest.mark.parametrize(
    ("metric", "column", "nearer_first"),
    [("euclidean", "distance", "ascending"), ("dot", "dot product", "descending")],
)
def test_other_metrics(at, metric, column, nearer_first):
    select(at, 0)
    at.selectbox(key="map_metric").set_value(metric).run()
    assert_ok(at)
    s = scores(at, column)
    assert len(s) == 10
    assert s == sorted(s, reverse=nearer_first == "descending")
    assert neighbours(at)[0] == "dog"  # unit vectors: same order as cosine
    if metric == "euclidean":
        assert s[0] == pytest.approx(np.sqrt(2 - 2 * 0.6606), abs=2e-3)
        assert "(lower is nearer)" in one_text(at.caption)
    assert at.selectbox(key="map_metric").value == metric


def test_fewer_neighbours(at):
    select(at, 0)
    at.number_input(key="map_k").set_value(3).run()
    assert_ok(at)
    assert neighbours(at) == ["dog", "frog", "tiger"]
    assert len(trace_named(chart(at, "map_chart"), "highlighted")["customdata"]) == 3


def test_colour_by_cluster(at):
    at.selectbox(key="map_colour").set_value("cluster").run()
    assert_ok(at)
    spec = chart(at, "map_chart")
    names = [t["name"] for t in spec["data"]]
    assert 2 <= len(names) <= 12 and all(n.startswith("cluster ") for n in names)
    assert sorted(r for r, _ in map_points(spec)) == list(range(N))
    assert spec["layout"]["legend"]["title"]["text"] == "cluster"


def test_pca_map(at):
    before = chart(at, "map_chart")
    at.segmented_control(key="map_method").set_value("pca").run()
    assert_ok(at)
    assert "PCA has no settings" in one_text(at.caption)
    after = chart(at, "map_chart")
    assert sorted(r for r, _ in map_points(after)) == list(range(N))
    assert not np.allclose(array(before["data"][0]["x"]), array(after["data"][0]["x"]))


def test_3d_map(at):
    at.segmented_control(key="map_dims").set_value(3).run()
    assert_ok(at)
    spec = chart(at, "map_chart")
    assert {t["type"] for t in spec["data"]} == {"scatter3d"}
    assert sum(len(array(t["z"])) for t in spec["data"]) == N
    assert "into 3 distorts" in one_text(at.caption)


@pytest.mark.slow
def test_umap_map(at):
    at.segmented_control(key="map_method").set_value("umap").run()
    assert_ok(at)
    assert not at.error
    spec = chart(at, "map_chart")
    assert sorted(r for r, _ in map_points(spec)) == list(range(N))
    assert at.number_input(key="map_neighbors").value is None  # automatic


def test_perplexity_out_of_range_says_the_range_and_keeps_the_value(at):
    at.number_input(key="map_perplexity").set_value(100).run()
    assert_ok(at)
    msg = one_text(at.error)
    assert "perplexity must be between 0 and 29.0 for 88 points" in msg
    assert "got perplexity=100.0" in msg
    assert at.number_input(key="map_perplexity").value == 100
    assert not at.get("plotly_chart")
    at.number_input(key="map_perplexity").set_value(20).run()
    assert_ok(at)
    assert not at.error and at.get("plotly_chart")


def test_umap_neighbours_out_of_range_says_the_range_and_keeps_the_value(at):
    # The value is entered before UMAP is picked (it is kept per page), so no UMAP runs here.
    at.session_state["map_neighbors"] = 500
    at.segmented_control(key="map_method").set_value("umap").run()
    assert_ok(at)
    assert "n_neighbors must be a whole number from 2 to 87 for 88 points" in one_text(at.error)
    assert at.number_input(key="map_neighbors").value == 500
    assert at.segmented_control(key="map_method").value == "umap"


def test_find_items_rings_matches(at):
    at.text_input(key="map_search").input("fish").run()
    assert_ok(at)
    assert "2 item(s) contain “fish”" in one_text(at.caption)
    ringed = {t for _, t in trace_named(chart(at, "map_chart"), "highlighted")["customdata"]}
    assert ringed == {"fish", "fisherman"}
    at.text_input(key="map_search").input("zzz").run()
    assert "No item contains “zzz”." in one_text(at.caption)


def test_a_pick_is_forgotten_when_the_dataset_changes(at):
    select(at, 0)
    at.selectbox(key="frame_dataset").set_value("royalty-gender").run()
    assert_ok(at)
    assert values(at.subheader) == ["Nearest neighbours"]
    at.run()  # the next rerun must not bring row 0 of the new set back
    assert values(at.subheader) == ["Nearest neighbours"]
    assert at.session_state["map_selected"] is None


def _xy(spec: dict) -> dict[int, tuple[float, float]]:
    """Map position of every row, from the group traces."""
    out = {}
    for trace in spec["data"]:
        if trace.get("name") in ("highlighted", "selected"):
            continue
        xs, ys = array(trace["x"]), array(trace["y"])
        for (row, _), x, y in zip(trace["customdata"], xs, ys, strict=True):
            out[int(row)] = (float(x), float(y))
    return out


def test_a_map_made_before_is_read_from_disk_after_a_restart(monkeypatch, tmp_path):
    """A restarted server (nothing in memory) draws a map it made before without running the
    projection again: coordinates are kept on disk."""
    from components import resources
    from core import projection
    from core.cache import ArrayCache

    monkeypatch.setattr(resources, "_projections", lambda: ArrayCache(tmp_path))
    resources._memo.clear()
    first = _xy(chart(open_page(new_app(), "map"), "map_chart"))
    assert len(ArrayCache(tmp_path)) == 1
    resources._memo.clear()  # what a restart forgets

    def recomputed(*args, **kwargs):
        raise AssertionError("the projection ran again")

    monkeypatch.setattr(projection, "project", recomputed)
    at = open_page(new_app(), "map")
    assert _xy(chart(at, "map_chart")) == first
    # a map never made before does need the projection: the page shows the failure as such
    at.segmented_control(key="map_method").set_value("pca").run()
    assert at.exception and "the projection ran again" in at.exception[0].value


def test_a_pick_does_not_carry_over_to_another_set_of_the_same_name_and_size():
    from apptest_helpers import explore_typed

    at = explore_typed(new_app(), "apple\nbanana\ncar\ntruck\nbus")
    open_page(at, "map")
    select(at, 2)
    assert values(at.subheader) == ["Nearest neighbours of “car”"]
    title = at.session_state["custom"]["title"]
    explore_typed(at, "red\ngreen\nblue\nyellow\npurple")  # same title, same size
    assert at.session_state["custom"]["title"] == title
    open_page(at, "map")
    assert values(at.subheader) == ["Nearest neighbours"]


def test_a_pick_on_a_big_map_opens_the_map_on_it():
    at = new_app()
    at.session_state["frame_dataset"] = "glove-top"
    at.session_state["frame_model"] = "glove-6B-50d"
    at.session_state["frame_glove_n"] = 6000
    at.session_state["map_method"] = "pca"
    open_page(at, "map")
    assert "range" not in chart(at, "map_chart")["layout"]["xaxis"]  # the whole map first
    select(at, 3)
    word = neighbours(at)  # the list shows as usual
    assert len(word) == 10
    spec = chart(at, "map_chart")
    x0, x1 = spec["layout"]["xaxis"]["range"]
    star = trace_named(spec, "selected")
    assert x0 < float(array(star["x"])[0]) < x1
    assert "double-click the map to see all of it" in one_text(at.caption)
