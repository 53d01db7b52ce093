"""Named clusters on the Map (AppTest): found on the map's own coordinates and named as core names
them, used for colour (noise grey), listed, selected, zoomed to and renamed; a new name travels in
the address and in the points CSV."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest
from apptest_helpers import (
    assert_ok,
    charts,
    file_id,
    map_coords,
    map_view,
    new_app,
    open_page,
    recorded_downloads,
)
from test_page_map import deferred_downloads

from core.clusters import describe, find_clusters
from core.io.datasets import load_dataset
from core.models import DEFAULT_MODEL, load_model

GREY = "#ADB5BD"


def tickets(query: dict | None = None):
    at = new_app()
    for key, value in (query or {}).items():
        at.query_params[key] = value
    open_page(at, "map")
    at.selectbox(key="frame_dataset").set_value("support-tickets").run()
    assert_ok(at)
    return at


@pytest.fixture(scope="module")
def at():
    return tickets()


def pick(at, level: int = 0):
    """The list of a level's clusters (its key names the names it lists)."""
    [found] = [s for s in at.selectbox if s.key.startswith(f"map_cluster_pick_{level}_")]
    return found


def points_of(at):
    """The map's points (each text once: rows with the same text are drawn at one place) and,
    for each row, its point."""
    texts = load_dataset("support-tickets").texts
    codes, unique = pd.factorize(pd.Series(texts))
    first = [texts.index(t) for t in unique]
    return list(unique), map_coords(at)[first], codes


def test_every_ticket_row_is_drawn_and_rows_with_one_text_share_its_place(at):
    texts = load_dataset("support-tickets").texts
    coords = map_coords(at)
    assert len(coords) == len(texts) == 400  # 27 rows repeat a text: none is dropped
    _, points, codes = points_of(at)
    assert len(points) == 373
    np.testing.assert_array_equal(coords, points[codes])
    legend = map_view(at)["legend"]
    assert sum(e["count"] for e in legend["entries"]) == 400


def test_the_map_names_the_clusters_core_finds_on_its_own_coordinates(at):
    unique, coords, codes = points_of(at)
    levels = find_clusters(coords, min_coarse=5)
    vectors = load_model(DEFAULT_MODEL).encode(unique)
    described = describe(unique, vectors, coords, levels, embedder=load_model(DEFAULT_MODEL))
    drawn = map_view(at)["clusters"]["levels"]
    assert len(drawn) == len([d for d in described if d]) >= 2
    for shown, found, labels in zip(drawn, described, levels, strict=False):
        assert [c["name"] for c in shown] == [c.name for c in found]
        rows = labels[codes]  # sizes count rows
        assert [c["size"] for c in shown] == [int((rows == c.label).sum()) for c in found]
        for c, f in zip(shown, found, strict=True):
            np.testing.assert_allclose(c["at"], coords[labels == f.label].mean(axis=0), rtol=1e-5)
    coarse = " ".join(c["name"] for c in drawn[0]).lower()
    assert "charged twice" in coarse or "refund" in coarse  # a known theme, named in its words


def test_colour_by_cluster_names_the_legend_and_greys_the_noise(at):
    at.selectbox(key="map_colour").set_value("cluster").run()
    assert_ok(at)
    _, points, codes = points_of(at)
    levels = [labels[codes] for labels in find_clusters(points, min_coarse=5)]
    legend = map_view(at)["legend"]
    names = {c["name"]: c["size"] for c in map_view(at)["clusters"]["levels"][0]}
    entries = {e["name"]: e for e in legend["entries"]}
    noise = int((levels[0] < 0).sum())
    assert {k: e["count"] for k, e in entries.items() if k != "(noise)"} == names
    assert entries.get("(noise)", {"count": 0})["count"] == noise
    if noise:
        assert entries["(noise)"]["colour"] == GREY
    at.selectbox(key="map_colour").set_value("group").run()


def test_a_cluster_picked_selects_its_items_and_its_new_name_travels(at):
    _, points, codes = points_of(at)
    labels = find_clusters(points, min_coarse=5)[0][codes]  # every row, repeats included
    first = map_view(at)["clusters"]["levels"][0][0]
    pick(at).set_value(0).run()
    assert_ok(at)
    rows = [int(i) for i in np.flatnonzero(labels == 0)]  # the first row: cluster 0
    assert sorted(at.session_state["map_lasso"]) == rows and map_view(at)["selection"] == len(rows)
    assert f"Selection: {len(rows):,} item(s)" in [s.value for s in at.subheader]
    key = [t.key for t in at.text_input if t.key.startswith("map_cluster_rename_0_")][0]
    at.text_input(key=key).input("My refunds").run()
    assert_ok(at)
    assert map_view(at)["clusters"]["levels"][0][0]["name"] == "My refunds"
    assert json.loads(at.query_params["names"]) == {f"0:{first['name']}": "My refunds"}
    with deferred_downloads() as stored:
        at.run()
    [button] = [b for b in at.download_button if b.key == "map_dl_csv"]
    table = pd.read_csv(io.BytesIO(stored[button.proto.deferred_file_id]()))
    assert sorted(table.index[table["cluster_name"] == "My refunds"]) == rows
    assert list(table["cluster"]) == [int(x) for x in labels]


def test_zoom_to_it_sends_the_clusters_box_once_per_press(at):
    pick(at).set_value(1).run()
    rows = at.session_state["map_lasso"]
    at.button(key="map_cluster_zoom").click().run()
    assert_ok(at)
    box = map_view(at)["zoom_to"]
    xy = map_coords(at)[rows]
    np.testing.assert_allclose(box["low"], xy.min(axis=0), rtol=1e-6)
    np.testing.assert_allclose(box["high"], xy.max(axis=0), rtol=1e-6)
    nonce = box["nonce"]
    at.run()
    assert map_view(at)["zoom_to"]["nonce"] == nonce  # a rerun does not move the camera again


def test_a_link_with_names_opens_the_map_with_them():
    first = tickets()
    name = map_view(first)["clusters"]["levels"][0][1]["name"]
    at = tickets({"names": json.dumps({f"0:{name}": "Parcels <b>late</b>", "x": "junk"})})
    shown = [c["name"] for c in map_view(at)["clusters"]["levels"][0]]
    assert shown[1] == "Parcels <b>late</b>"  # kept as text; the browser sets it as textContent


def test_clusters_of_words_are_named_by_words_that_are_not_their_members():
    at = open_page(new_app(), "map")
    view = map_view(at)["clusters"]
    labels = find_clusters(map_coords(at), min_coarse=5)
    texts = load_dataset("ninety-words").texts
    assert view and len(view["levels"][0]) >= 2
    for level, shown in zip(labels, view["levels"], strict=False):
        found = sorted(set(level[level >= 0]))
        for label, c in zip(found, shown, strict=True):
            own = {texts[i].lower() for i in np.flatnonzero(level == label)}
            assert not set(c["name"].lower().split(" · ")) & own, (c["name"], own)


def test_the_similarity_heatmap_can_order_its_rows_by_the_maps_clusters():
    at = open_page(new_app(), "map")
    labels = find_clusters(map_coords(at), min_coarse=5)[0]
    open_page(at, "similarity")
    at.toggle(key="sim_by_cluster").set_value(True).run()
    assert_ok(at)
    [figure] = charts(at)
    shown = list(figure["data"][0]["y"])
    texts = load_dataset("ninety-words").texts[:60]
    groups = [int(labels[texts.index(t)]) for t in shown]
    groups = [g if g >= 0 else max(groups) + 1 for g in groups]
    assert groups == sorted(groups)  # cluster by cluster, noise last


def test_the_data_pages_downloads_carry_every_rows_cluster():
    at = tickets()
    _, points, codes = points_of(at)
    expected = [int(x) for x in find_clusters(points, min_coarse=5)[0][codes]]  # per row
    open_page(at, "data")
    with recorded_downloads() as stored:
        at.toggle(key="data_prepare").set_value(True).run()
    assert_ok(at)
    files = {b.key: stored[file_id(b)][0] for b in at.main.download_button}
    data = load_dataset("support-tickets")
    for key in ("data_dl_emb", "data_dl_map"):
        table = pd.read_csv(io.BytesIO(files[key]))
        assert len(table) == len(data.texts) == 400
        assert list(table["cluster"]) == expected
        assert table.groupby("cluster")["cluster_name"].nunique().max() == 1
