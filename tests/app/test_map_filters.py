"""The Map's filters (AppTest): chips, a date range and a link keep exactly the rows pandas keeps;
the rows outside stay on the map (grey in the browser, a bit per row here), the Selection and the
points CSV follow; every row of the tickets (repeats included) is counted."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json

import numpy as np
import pandas as pd
import pytest
from apptest_helpers import array, assert_ok, chart, map_view, new_app, open_page
from test_map_clusters import tickets
from test_page_map import deferred_downloads

from core.io.datasets import load_dataset


def tickets_table() -> pd.DataFrame:
    data = load_dataset("support-tickets")
    return pd.DataFrame({"text": data.texts, "group": data.labels, **data.columns})


@pytest.fixture(scope="module")
def at():
    return tickets()


def shown_mask(at) -> np.ndarray | None:
    f = map_view(at)["filter"]
    if not f or "bits" not in f:
        return None
    bits = np.frombuffer(base64.b64decode(f["bits"]), dtype=np.uint8)
    return np.unpackbits(bits, bitorder="little")[:400].astype(bool)


def chips(at):
    [group] = [b for b in at.button_group if b.key.startswith("map_filter_in_")]
    return group


def test_chips_keep_the_rows_pandas_isin_keeps_and_the_rest_stay_grey(at):
    at.selectbox(key="map_filter_column").set_value("priority").run()
    chips(at).set_value(["high", "urgent"]).run()
    assert_ok(at)
    table = tickets_table()
    expected = table["priority"].isin(["high", "urgent"]).to_numpy()
    np.testing.assert_array_equal(shown_mask(at), expected)
    assert map_view(at)["filter"]["kept"] == expected.sum() < 400
    assert len(map_view(at)["legend"]["entries"]) >= 2  # the map keeps every row, and its colours
    assert json.loads(at.query_params["filter"]) == {"priority": {"in": ["high", "urgent"]}}
    assert "Showing only: priority is high or urgent." in [c.value for c in at.sidebar.caption]


def test_the_selection_and_the_points_csv_follow_the_filter(at):
    at.session_state["map_lasso"] = list(range(400))  # a lasso around everything
    with deferred_downloads() as stored:
        at.run()
    keep = shown_mask(at)
    assert f"Selection: {keep.sum():,} item(s)" in [s.value for s in at.subheader]
    [button] = [b for b in at.download_button if b.key == "map_dl_csv"]
    points = pd.read_csv(io.BytesIO(stored[button.proto.deferred_file_id]()))
    assert len(points) == 400 and list(points["in_filter"]) == list(keep)
    at.session_state["map_lasso"] = []
    at.run()


def test_a_date_range_keeps_whole_days_and_filters_combine(at):
    at.selectbox(key="map_filter_column").set_value("created_at").run()
    [slider] = [s for s in at.slider if s.key.startswith("map_filter_range_")]
    slider.set_value((dt.date(2026, 3, 1), dt.date(2026, 3, 31))).run()
    assert_ok(at)
    table = tickets_table()
    when = pd.to_datetime(table["created_at"], format="mixed")
    in_march = (when >= "2026-03-01") & (when < "2026-04-01")
    expected = (in_march & table["priority"].isin(["high", "urgent"])).to_numpy()
    np.testing.assert_array_equal(shown_mask(at), expected)
    at.button(key="map_filter_clear").click().run()
    assert shown_mask(at) is None and "filter" not in at.query_params


def test_a_link_with_a_filter_opens_the_map_filtered():
    link = {"product": {"in": ["Web shop"]}, "junk": 3}
    at = tickets({"dataset": "support-tickets", "filter": json.dumps(link)})
    expected = (tickets_table()["product"] == "Web shop").to_numpy()
    np.testing.assert_array_equal(shown_mask(at), expected)


def test_colour_by_a_column_offers_its_legend_as_a_filter(at):
    at.selectbox(key="map_colour").set_value("product").run()
    f = map_view(at)["filter"]
    assert f["legend_column"] == "product" and f["legend_on"] is None
    at.selectbox(key="map_colour").set_value("group").run()


def test_the_time_chart_counts_rows_per_week_by_colour_fastest_growing_first(at):
    at.selectbox(key="map_colour").set_value("priority").run()
    assert_ok(at)
    figure = chart(at, "map_time_chart")
    table = tickets_table()
    when = pd.to_datetime(table["created_at"], format="mixed")
    weekly = table.groupby([when.dt.to_period("W").dt.start_time, "priority"]).size()
    slopes = {}
    for trace in figure["data"]:
        group = trace["name"].split(" (")[0]
        got = pd.Series(array(trace["y"]), index=pd.to_datetime(trace["x"]))
        expected = weekly.xs(group, level="priority").reindex(got.index, fill_value=0)
        np.testing.assert_array_equal(got.to_numpy(), expected.to_numpy())
        slopes[group] = np.polyfit(np.arange(len(got)), got.to_numpy(), 1)[0]
    assert set(slopes) == set(table["priority"])
    assert list(slopes) == sorted(slopes, key=lambda g: -slopes[g])  # fastest growing first
    at.selectbox(key="map_colour").set_value("group").run()


def test_a_tag_made_from_a_selection_is_a_column_kept_across_a_reload():
    at = tickets()
    rows = [0, 2, 5, 399]
    at.session_state["map_lasso"] = rows
    at.run()
    at.text_input(key="map_tag_name").input("look again").run()
    at.button(key="map_tag_add").click().run()
    assert_ok(at)
    assert at.selectbox(key="frame_dataset").value == "custom"
    with deferred_downloads() as stored:
        at.run()
    [button] = [b for b in at.download_button if b.key == "map_dl_csv"]
    points = pd.read_csv(io.BytesIO(stored[button.proto.deferred_file_id]()))
    assert len(points) == 400
    assert list(points.index[points["tag"] == "look again"]) == rows
    assert "tag" in at.selectbox(key="map_colour").options
    key = at.query_params["data"]  # a reload opens the stored copy, tags and all
    again = new_app()
    again.query_params["data"] = key
    open_page(again, "map")
    assert_ok(again)
    again.selectbox(key="map_colour").set_value("tag").run()
    entries = {e["name"]: e["count"] for e in map_view(again)["legend"]["entries"]}
    assert entries["look again"] == 4 and entries["(none)"] == 396
    again.session_state["map_lasso"] = [0, 1]
    again.run()
    again.button(key="map_tag_clear").click().run()
    assert "tag" not in again.selectbox(key="map_colour").options


def test_neighbours_can_be_limited_to_the_filtered_rows():
    at = tickets({"dataset": "support-tickets",
                  "filter": json.dumps({"priority": {"in": ["urgent"]}})})  # fmt: skip
    keep = shown_mask(at)
    at.session_state["map_selected"] = 0
    at.run()
    everyone = [x["id"] for x in map_view(at)["neighbours"]]
    assert not all(keep[everyone])  # nearest of all: some outside the filter
    at.toggle(key="map_filter_neighbours").set_value(True).run()
    inside = map_view(at)["neighbours"]
    assert len(inside) == 10 and all(keep[[x["id"] for x in inside]])
    scores = [x["score"] for x in inside]
    assert scores == sorted(scores, reverse=True)


def test_a_columns_kind_can_be_corrected_for_filters_and_colour(at):
    at.selectbox(key="map_filter_column").set_value("minutes_to_first_reply").run()
    [read] = [s for s in at.segmented_control if s.key.startswith("map_read_as_")]
    assert read.value == "number"
    read.set_value("category").run()
    assert_ok(at)
    assert [b for b in at.button_group if b.key.startswith("map_filter_in_")]  # now chips
    at.selectbox(key="map_colour").set_value("minutes_to_first_reply").run()
    assert map_view(at)["legend"]["kind"] == "categorical"
    at.selectbox(key="map_filter_column").set_value("created_at").run()
    [read] = [s for s in at.segmented_control if s.key.startswith("map_read_as_")]
    assert read.value == "date"
    read.set_value("text").run()
    assert_ok(at)
    at.selectbox(key="map_colour").set_value("created_at").run()
    assert map_view(at)["legend"]["kind"] == "categorical"  # 47 dates as categories, as asked
    at.session_state["map_read_as"] = {}
    at.selectbox(key="map_colour").set_value("group").run()
