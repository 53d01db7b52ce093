"""The Map page on its default example (the 90 words, all-MiniLM-L6-v2, t-SNE) and its controls.

Clicks on the WebGL map cannot be made under AppTest: a pick is simulated by setting
``map_selected`` (what the click handler stores, see components/map_page.py), a lasso by
``map_lasso``; the browser tests click for real. What the map draws is read from its three
component elements: the points and colours blobs and the view JSON.
"""

from __future__ import annotations

import contextlib
import io
from unittest.mock import patch

import numpy as np
import pandas as pd
import pytest
from apptest_helpers import (
    assert_ok,
    map_blob,
    map_coords,
    map_points,
    map_view,
    new_app,
    one_text,
    open_page,
    values,
)
from sklearn.manifold import trustworthiness

from core.models.registry import DEFAULT_MODEL, load_model

N = 88  # the 90-word list, "swimmer" and "surfer" kept once


@pytest.fixture
def at():
    return open_page(new_app(), "map")


def neighbours(at) -> list[str]:
    assert len(at.table) == 1, "expected one neighbours table"
    return list(at.table[0].value["item"])


def scores(at, column: str) -> list[float]:
    return [float(s) for s in at.table[0].value[column]]


def select(at, row: int | None):
    at.session_state["map_selected"] = row
    at.run()
    assert_ok(at)
    return at


def test_default_map_is_drawn_with_every_word(at):
    assert at.title[0].value == "Map"
    assert at.segmented_control(key="map_method").value == "tsne"
    assert at.segmented_control(key="map_dims").value == 2
    pts = map_points(at)
    assert [r for r, _ in pts] == list(range(N))
    texts = dict(pts)
    assert texts[0] == "cat" and "kangaroo" in texts.values()
    assert map_coords(at).shape == (N, 2)
    view = map_view(at)
    assert view["selected"] is None and view["neighbours"] == []
    assert view["labels"] is True  # a small set: text labels on the map
    assert len(view["legend"]["entries"]) == 18  # one per group, each its own colour
    assert len({e["colour"] for e in view["legend"]["entries"]}) == 18
    assert not at.info  # the built-in set has no repeats to explain
    # whole-map scores, by sklearn: trustworthiness, and continuity (the same, roles swapped)
    unit = load_model(DEFAULT_MODEL).encode(list(dict(pts).values())).astype(np.float64)
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    xy = map_coords(at).astype(np.float64)
    trust, cont = trustworthiness(unit, xy, n_neighbors=5), trustworthiness(xy, unit, n_neighbors=5)
    assert f"Trustworthiness of this map **{trust:.2f}**" in one_text(at.caption)
    assert f"continuity **{cont:.2f}**" in one_text(at.caption)


def test_selecting_a_row_lists_its_neighbours_and_rings_them(at):
    select(at, 0)
    view = map_view(at)
    assert view["selected"] == 0 and view["selected_text"] == "cat"
    listed = [x["text"] for x in view["neighbours"]]
    assert len(listed) == 10 and listed[0] == "dog" and "cat" not in listed
    s = [x["score"] for x in view["neighbours"]]
    assert s == sorted(s, reverse=True) and s[0] == pytest.approx(0.661, abs=1e-3)
    assert neighbours(at) == listed  # the table under the map lists the same
    assert at.expander[0].label.startswith("Neighbours of “cat”")


def test_a_pick_keeps_the_blobs_as_they_were(at):
    """A click changes only the small view element: the coordinates are not sent again."""
    before = (bytes(at.get("bidi_component")[0].proto.bytes), map_blob(at, "map_colours")[0])
    select(at, 5)
    after = (bytes(at.get("bidi_component")[0].proto.bytes), map_blob(at, "map_colours")[0])
    assert before == after
    assert len(json_size := str(map_view(at))) < 50_000, len(json_size)


def test_picking_from_the_list_selects_too(at):
    at.selectbox(key="map_pick_None").set_value(3).run()
    assert_ok(at)
    assert at.session_state["map_selected"] == 3
    assert map_view(at)["selected_text"] == "lion"
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
    view = map_view(at)
    assert view["lower_is_nearer"] is (metric == "euclidean")
    if metric == "euclidean":
        assert s[0] == pytest.approx(np.sqrt(2 - 2 * 0.6606), abs=2e-3)
    assert at.selectbox(key="map_metric").value == metric


def test_fewer_neighbours(at):
    select(at, 0)
    at.number_input(key="map_k").set_value(3).run()
    assert_ok(at)
    assert neighbours(at) == ["dog", "frog", "tiger"]
    assert [x["text"] for x in map_view(at)["neighbours"]] == ["dog", "frog", "tiger"]


def test_colour_by_cluster_has_a_legend_in_order(at):
    at.toggle(key="map_clusters").set_value(False).run()  # k-means, numbered
    at.selectbox(key="map_colour").set_value("cluster").run()
    assert_ok(at)
    lg = map_view(at)["legend"]
    names = [e["name"] for e in lg["entries"]]
    assert lg["title"] == "cluster" and 2 <= len(names) <= 12
    assert names == [f"cluster {i}" for i in range(1, len(names) + 1)]  # 1, 2, 3…, not 3, 4, 1
    assert sum(e["count"] for e in lg["entries"]) == N
    header, (codes,), _ = map_blob(at, "map_colours")
    assert len(codes) == N and header["names"] == names


def test_pca_map(at):
    before = map_coords(at).copy()
    at.segmented_control(key="map_method").set_value("pca").run()
    assert_ok(at)
    assert "PCA has no settings" in one_text(at.caption)
    after = map_coords(at)
    assert after.shape == (N, 2) and not np.allclose(before, after)


def test_3d_map(at):
    at.segmented_control(key="map_dims").set_value(3).run()
    assert_ok(at)
    assert map_coords(at).shape == (N, 3)
    assert map_view(at)["dims"] == 3
    assert "into 3 distorts" in one_text(at.caption)


@pytest.mark.slow
def test_umap_map(at):
    at.segmented_control(key="map_method").set_value("umap").run()
    assert_ok(at)
    assert not at.error
    assert map_coords(at).shape == (N, 2)
    assert at.number_input(key="map_neighbors").value is None  # automatic


def test_perplexity_is_bounded_by_the_data(at):
    field = at.number_input(key="map_perplexity")
    assert field.max == pytest.approx(29.0) and field.min == 0.5
    field.set_value(20).run()
    assert_ok(at)
    assert not at.error and map_coords(at).shape == (N, 2)


def test_a_perplexity_kept_from_a_bigger_set_is_brought_into_range_and_the_map_drawn(at):
    from apptest_helpers import explore_typed

    at.number_input(key="map_perplexity").set_value(25).run()
    explore_typed(at, "\n".join(f"word{i}" for i in range(30)))  # at most 9.7 for 30 items
    open_page(at, "map")
    assert not at.error and map_coords(at).shape == (30, 2)
    assert at.number_input(key="map_perplexity").value == pytest.approx(29 / 3)
    assert "Perplexity 25 is out of range for 30 items" in at.toast[0].value


def test_neighbours_kept_from_a_bigger_set_are_brought_into_range(at):
    at.session_state["map_method"] = "umap"
    at.session_state["map_neighbors"] = 500  # e.g. kept from a set of thousands
    at.run()
    assert_ok(at)
    assert at.number_input(key="map_neighbors").value == N - 1 and not at.error
    assert map_coords(at).shape == (N, 2)


def test_a_projection_error_keeps_a_picture_and_says_what_to_change(monkeypatch):
    from core.errors import InputError
    from core.project import projection

    def refuse(*args, **kwargs):
        raise InputError("perplexity must be between 0 and 29.0 for 88 points: lower it.")

    monkeypatch.setitem(projection._METHODS, "tsne", refuse)  # a fault, injected
    at = new_app()
    at.session_state["map_perplexity"] = _fresh_perplexity()
    open_page(at, "map")
    assert "lower it" in one_text(at.error)
    assert map_coords(at).shape == (N, 2)  # the map is still there (PCA), clicks still work
    select(at, 1)
    assert len(map_view(at)["neighbours"]) == 10


def test_umap_neighbours_are_bounded_by_the_data(at):
    at.session_state["map_method"] = "umap"
    at.session_state["map_neighbors"] = 5
    at.run()
    assert_ok(at)
    assert at.number_input(key="map_neighbors").max == 87


def test_find_by_letters_rings_matches(at):
    at.text_input(key="map_search").input("fish").run()
    assert_ok(at)
    view = map_view(at)
    assert {dict(map_points(at))[i] for i in view["matches"]} == {"fish", "fisherman"}
    assert view["match_count"] == 2
    at.text_input(key="map_search").input("zzz").run()
    assert "No item contains “zzz”." in one_text(at.caption)


def test_find_by_meaning_rings_the_nearest_items(at):
    at.text_input(key="map_search").input("a small cat").run()
    at.segmented_control(key="map_find").set_value("meaning").run()
    assert_ok(at)
    view = map_view(at)
    found = [x["text"] for x in view["meaning"]]
    assert len(found) == 10 and found[0] in {"kitten", "cat"}, found
    assert view["matches"] == [] and view["query"] == "a small cat"


def test_a_lasso_opens_the_selection_panel(at):
    at.session_state["map_lasso"] = [0, 1, 2]
    at.run()
    assert_ok(at)
    assert "Selection: 3 item(s)" in values(at.subheader)
    table = at.dataframe[0].value
    texts = dict(map_points(at))
    assert list(table["row"]) == [0, 1, 2]
    assert list(table["item"]) == [texts[0], texts[1], texts[2]]
    assert map_view(at)["selection"] == 3
    at.button(key="map_selection_clear").click().run()
    assert_ok(at)
    assert not [s for s in values(at.subheader) if s.startswith("Selection")]


def test_a_selection_opens_in_the_heatmap(at):
    at.session_state["map_lasso"] = [0, 1, 2, 3]
    at.run()
    at.button(key="map_selection_heatmap").click().run()
    assert_ok(at)
    assert "Showing the 4 items you selected on the Map." in one_text(at.caption)


def test_a_pick_is_forgotten_when_the_dataset_changes(at):
    select(at, 0)
    at.selectbox(key="frame_dataset").set_value("royalty-gender").run()
    assert_ok(at)
    assert map_view(at)["selected"] is None
    at.run()  # the next rerun must not bring row 0 of the new set back
    assert map_view(at)["selected"] is None
    assert at.session_state["map_selected"] is None


def test_a_map_made_before_is_read_from_disk_after_a_restart(monkeypatch, tmp_path):
    """A restarted server (nothing in memory) draws a map it made before without running the
    projection again: coordinates are kept on disk."""
    from components import resources
    from core.cache import ArrayCache
    from core.project import projection

    monkeypatch.setattr(resources, "_projections", lambda: ArrayCache(tmp_path))
    resources._memo.clear()
    first = map_coords(open_page(new_app(), "map")).copy()
    assert len(ArrayCache(tmp_path)) == 1
    resources._memo.clear()  # what a restart forgets

    def recomputed(*args, **kwargs):
        raise AssertionError("the projection ran again")

    monkeypatch.setattr(projection, "project", recomputed)
    at = open_page(new_app(), "map")
    assert np.array_equal(map_coords(at), first)
    # a map never made before does need the projection: the page shows the failure as such
    at.segmented_control(key="map_method").set_value("pca").run()
    assert at.exception and "the projection ran again" in at.exception[0].value


def test_a_pick_does_not_carry_over_to_another_set_of_the_same_name_and_size():
    from apptest_helpers import explore_typed

    at = explore_typed(new_app(), "apple\nbanana\ncar\ntruck\nbus")
    open_page(at, "map")
    select(at, 2)
    assert map_view(at)["selected_text"] == "car"
    title = at.session_state["custom"]["title"]
    explore_typed(at, "red\ngreen\nblue\nyellow\npurple")  # same title, same size
    assert at.session_state["custom"]["title"] == title
    open_page(at, "map")
    assert map_view(at)["selected"] is None


def test_a_big_map_draws_every_point_and_lists_neighbours():
    at = new_app()
    at.session_state["frame_dataset"] = "glove-top"
    at.session_state["frame_model"] = "glove-6B-50d"
    at.session_state["frame_glove_n"] = 6000
    at.session_state["map_method"] = "pca"
    open_page(at, "map")
    assert map_coords(at).shape == (6000, 2)
    assert map_view(at)["labels"] is False  # hover labels only on a big map
    select(at, 3)
    assert len(neighbours(at)) == 10
    assert len(map_view(at)["neighbours"]) == 10


def test_a_projection_of_over_a_minute_waits_for_a_go_and_shows_pca_meanwhile():
    at = new_app()
    at.session_state["frame_dataset"] = "glove-top"
    at.session_state["frame_model"] = "glove-6B-50d"
    at.session_state["frame_glove_n"] = 100_000
    open_page(at, "map")  # t-SNE is the default method
    assert at.segmented_control(key="map_method").value == "tsne"  # the choice is kept
    warning = one_text(at.warning)
    assert "t-SNE of 100,000 points takes about 2 min" in warning and "PCA" in warning
    assert at.button(key="map_long_go").label.startswith("Run t-SNE")
    from core.models.registry import load_model
    from core.project.projection import project

    words = [t for _, t in map_points(at)]
    pca = project(load_model("glove-6B-50d").encode(words), method="pca", n_components=2)
    np.testing.assert_allclose(map_coords(at), pca, atol=1e-4)  # PCA is what the map shows
    select(at, 0)
    assert len(map_view(at)["neighbours"]) == 10


def test_colour_by_a_numeric_column_of_your_table_has_a_ramp():
    at = new_app()
    texts = [f"item {i}" for i in range(30)]
    at.session_state["custom"] = {
        "title": "scores", "texts": texts, "labels": ["a", "b"] * 15,
        "vectors": np.random.default_rng(0).normal(size=(30, 8)).astype(np.float32),
        "notes": [], "columns": {"score": [float(i) for i in range(30)], "kind": ["x", "y", "z"] * 10},
    }  # fmt: skip
    at.session_state["frame_dataset"] = "custom"
    at.session_state["map_method"] = "pca"
    open_page(at, "map")
    assert at.selectbox(key="map_colour").options == [
        "group", "cluster", "cluster (fine)", "neighbours kept", "score", "kind"
    ]  # fmt: skip
    at.selectbox(key="map_colour").set_value("score").run()
    assert_ok(at)
    lg = map_view(at)["legend"]
    assert lg["kind"] == "numeric" and lg["range"] == [0.0, 29.0] and lg["title"] == "score"
    _, (codes,), _ = map_blob(at, "map_colours")
    assert list(codes) == sorted(codes) and codes[0] == 1 and codes[-1] == 255
    at.selectbox(key="map_colour").set_value("kind").run()
    assert [e["name"] for e in map_view(at)["legend"]["entries"]] == ["x", "y", "z"]


def test_colour_by_neighbours_kept_shows_where_the_map_keeps_the_full_spaces_neighbours(at):
    from sklearn.neighbors import NearestNeighbors

    at.selectbox(key="map_colour").set_value("neighbours kept").run()
    assert_ok(at)
    lg = map_view(at)["legend"]
    assert lg["kind"] == "numeric" and lg["title"] == "neighbours kept"
    words = [t for _, t in map_points(at)]
    vectors, xy = load_model(DEFAULT_MODEL).encode(words), map_coords(at)
    full = NearestNeighbors(n_neighbors=11, metric="cosine").fit(vectors).kneighbors(vectors)[1]
    near = NearestNeighbors(n_neighbors=11).fit(xy).kneighbors(xy)[1]
    kept = np.array([len(set(a[1:]) & set(b[1:])) / 10 for a, b in zip(full, near, strict=True)])
    assert lg["range"] == pytest.approx([kept.min(), kept.max()])
    _, (codes,), _ = map_blob(at, "map_colours")
    assert np.all(np.diff(codes[np.argsort(kept, kind="stable")].astype(int)) >= 0)  # same order
    assert codes[np.argmax(kept)] == 255 and codes[np.argmin(kept)] == 1


def _fresh_perplexity() -> float:
    """A perplexity no earlier run has used, so the map is not already in the disk cache."""
    import time

    return 5 + (time.time_ns() // 1000 % 100_000) / 10_000


def _wait_for_job(at, seconds: float = 240) -> None:
    """Rerun the page (as the progress panel does every second) until no job panel shows."""
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(1)
        at.run()
        assert_ok(at)
        if not [b for b in at.button if b.key == "map_job_cancel"]:
            return
    raise AssertionError("the job did not end")


def test_a_long_projection_runs_as_a_job_with_progress_then_draws_its_map(monkeypatch):
    from components.map import jobs as long_work

    monkeypatch.setattr(long_work, "JOB_FROM", 0)  # every t-SNE is "long" here
    at = new_app()
    perplexity = _fresh_perplexity()
    at.session_state["map_perplexity"] = perplexity
    open_page(at, "map")
    bar = at.get("progress")
    assert len(bar) == 1 and "t-SNE of 88 points" in bar[0].proto.text
    assert at.button(key="map_job_cancel").label == "Cancel"
    from core.models.registry import DEFAULT_MODEL, load_model
    from core.project.projection import project

    words = [t for _, t in map_points(at)]
    vectors = load_model(DEFAULT_MODEL).encode(words)
    np.testing.assert_allclose(map_coords(at), project(vectors, method="pca"), atol=1e-4)
    _wait_for_job(at)
    expected = project(vectors, method="tsne", perplexity=perplexity)
    np.testing.assert_allclose(map_coords(at), expected, atol=1e-3)  # the job's map, same params


def test_cancel_stops_the_job_and_the_map_stays_usable(monkeypatch):
    from components.map import jobs as long_work
    from core.project import jobs

    monkeypatch.setattr(long_work, "JOB_FROM", 0)
    at = new_app()
    at.session_state["map_perplexity"] = _fresh_perplexity()
    open_page(at, "map")
    job = next(j for j in jobs._jobs.values() if j.running and "88 points" in j.label)
    at.button(key="map_job_cancel").click().run()
    assert_ok(at)
    assert job.state == "cancelled"
    assert job.worker.proc.wait(timeout=10) == -9  # killed, not left running
    assert "cancelled" in one_text(at.info)
    assert at.button(key="map_long_go").label.startswith("Run t-SNE")  # not restarted by itself
    assert not [b for b in at.button if b.key == "map_job_cancel"]
    select(at, 2)
    assert len(map_view(at)["neighbours"]) == 10  # the PCA map still answers clicks


def test_the_neighbour_list_can_be_re_ranked_by_csls(at):
    at.selectbox(key="map_metric").set_value("csls").run()
    assert_ok(at)
    select(at, 0)
    words = [t for _, t in map_points(at)]
    unit = load_model(DEFAULT_MODEL).encode(words).astype(np.float64)
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    cos = unit @ unit.T
    r = np.sort(cos - np.eye(len(cos)) * 10, axis=1)[:, -10:].mean(axis=1)
    csls = 2 * cos[0] - r[0] - r
    csls[0] = -np.inf
    expected = [words[i] for i in np.argsort(-csls, kind="stable")[:10]]
    assert [x["text"] for x in map_view(at)["neighbours"]] == expected
    assert map_view(at)["score_name"] == "CSLS score"
    from scipy.stats import skew

    n_k = np.bincount(
        np.argsort(-(cos - np.eye(len(cos)) * 10), axis=1)[:, :10].ravel(), minlength=len(cos)
    )
    assert f"{skew(n_k):.2f} with cosine" in one_text(at.sidebar.caption)


# --- the points as CSV (made when the button is pressed) ---------------------------------------


@contextlib.contextmanager
def deferred_downloads():
    """The callables behind deferred download buttons drawn in the block, by their file id
    (AppTest cannot press a download button; the callable is what the press would run)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    stored = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, *args, **kwargs):
        file_id = original(self, data_callable, *args, **kwargs)
        stored[file_id] = data_callable
        return file_id

    with patch.object(MediaFileManager, "add_deferred", spy):
        yield stored


def points_csv(at, pick: int | None) -> pd.DataFrame:
    with deferred_downloads() as stored:
        select(at, pick)
    [button] = [b for b in at.download_button if b.key == "map_dl_csv"]
    return pd.read_csv(io.BytesIO(stored[button.proto.deferred_file_id]()))


def test_the_points_csv_is_the_map_on_screen_with_the_pick_and_its_listed_neighbours(at):
    table = points_csv(at, 4)
    view = map_view(at)
    named = [c for c in table.columns if c.startswith("cluster")]  # the named clusters' columns
    assert named[:2] == ["cluster", "cluster_name"] and len(named) % 2 == 0  # number, name
    assert list(table.columns) == [
        "point", "text", "group", "x", "y", *named, "picked", "neighbour_rank", "cosine similarity"
    ]  # fmt: skip
    assert list(table["text"]) == [t for _, t in map_points(at)]
    np.testing.assert_allclose(table[["x", "y"]].to_numpy(), map_coords(at), atol=1e-6)
    groups = {e["name"] for e in view["legend"]["entries"]}
    assert set(table["group"]) == groups
    assert list(table.index[table["picked"]]) == [view["selected"]] == [4]
    listed = view["neighbours"]
    ranked = table.dropna(subset=["neighbour_rank"]).sort_values("neighbour_rank")
    assert list(ranked.index) == [x["id"] for x in listed]
    assert list(ranked["neighbour_rank"]) == list(range(1, 11))
    np.testing.assert_allclose(ranked["cosine similarity"], [x["score"] for x in listed])
    assert list(ranked["text"]) == neighbours(at)  # the table under the map, too
    assert table["cosine similarity"].isna().sum() == N - 10


def test_the_points_csv_without_a_pick_and_in_3d_with_a_cluster_colouring(at):
    at.segmented_control(key="map_dims").set_value(3)
    at.selectbox(key="map_colour").set_value("cluster")
    table = points_csv(at, None)
    assert list(table.columns[3:7]) == ["colour: cluster", "x", "y", "z"]
    np.testing.assert_allclose(table[["x", "y", "z"]].to_numpy(), map_coords(at), atol=1e-6)
    names = [e["name"] for e in map_view(at)["legend"]["entries"]]
    assert set(table["colour: cluster"]) == set(names)
    assert not table["picked"].any() and table["neighbour_rank"].isna().all()


def test_the_points_csv_follows_the_metric_and_k(at):
    at.selectbox(key="map_metric").set_value("euclidean")
    at.number_input(key="map_k").set_value(3)
    table = points_csv(at, 0)
    ranked = table.dropna(subset=["neighbour_rank"]).sort_values("neighbour_rank")
    assert list(ranked["text"]) == [x["text"] for x in map_view(at)["neighbours"]]
    assert list(ranked["text"]) == ["dog", "frog", "tiger"]
    d = list(ranked["distance"])
    assert d == sorted(d)
