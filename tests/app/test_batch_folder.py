"""A folder written by the batch command, opened on the Data page by its path: its rows, vectors
and columns become the dataset, and the Map shows its stored coordinates as they are."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from apptest_helpers import (
    assert_ok,
    file_id,
    map_coords,
    map_points,
    new_app,
    one_text,
    open_page,
    recorded_downloads,
)

from core.batch.encode import encode_corpus
from core.batch.map import place_shards
from core.io.shards import shard_paths
from core.project.projection import project

WORDS = ["cat", "dog", "kitten", "puppy", "car", "truck", "bus", "train", "apple", "pear"]


@pytest.fixture(autouse=True)
def allowed(tmp_path, monkeypatch):
    """The operator allows this test's folder (opening server files is off otherwise)."""
    monkeypatch.setenv("EMBEDDING_EXPLORER_SERVER_DIRS", str(tmp_path))


def test_a_batch_folder_opens_and_the_map_shows_its_coordinates(tmp_path):
    source = tmp_path / "c.csv"
    source.write_text("text,team\n" + "\n".join(f"{w} {i},{'ab'[i % 2]}" for i in range(3)
                                                for w in WORDS))  # fmt: skip
    encode_corpus(source, tmp_path / "out", shard_rows=12)
    place_shards(tmp_path / "out", method="pca", sample=20)
    table = pa.concat_tables(pq.read_table(p) for p in shard_paths(tmp_path / "out"))
    stored = np.column_stack([table.column("x"), table.column("y")])

    at = open_page(new_app(), "data")
    at.text_input(key="data_path").input(str(tmp_path / "out"))
    at.button(key="data_path_open").click().run()
    assert_ok(at)
    assert not at.error
    assert "PCA fitted on a sample of 20 of 30 points" in one_text(at.caption) + one_text(at.info)
    at.button(key="data_path_use").click().run()
    assert_ok(at)
    assert at.session_state["custom"]["texts"] == table.column("text").to_pylist()

    open_page(at, "map")
    assert not at.error
    assert at.session_state["map_method"] == "stored"
    assert [t for _, t in map_points(at)] == table.column("text").to_pylist()
    np.testing.assert_allclose(map_coords(at), stored, atol=1e-6)
    open_page(at, "data")  # the map's coordinates download is the stored map
    with recorded_downloads() as stored_files:
        at.toggle(key="data_prepare").set_value(True).run()
    assert_ok(at)
    (button,) = [b for b in at.main.download_button if b.key == "data_dl_map"]
    assert button.label == "Map coordinates (as stored, 2D, CSV)"
    csv = pd.read_csv(io.BytesIO(stored_files[file_id(button)][0]))
    np.testing.assert_allclose(csv[["x", "y"]].to_numpy(), stored, atol=1e-5)

    open_page(at, "map")
    at.session_state["map_method"] = "pca"  # another projection is still one click away
    at.run()
    assert_ok(at)
    vectors = np.stack(table.column("vector").to_numpy(zero_copy_only=False))
    np.testing.assert_allclose(map_coords(at), project(vectors, method="pca"), atol=1e-4)


def test_a_batch_folders_clusters_colour_the_map_as_stored(tmp_path):
    from apptest_helpers import map_view

    from core.batch.cli import main

    source = tmp_path / "c.txt"
    topics = ["the office printer jams on page {i}", "please refund my order number {i}",
              "cannot log in to my account after reset {i}", "parcel {i} went to the wrong address",
              "invoice {i} shows the wrong tax amount", "booking annual leave for week {i}"]  # fmt: skip
    source.write_text("\n".join(t.format(i=i) for i in range(8) for t in topics))
    encode_corpus(source, tmp_path / "out", shard_rows=20)
    place_shards(tmp_path / "out", method="pca", sample=30)
    assert main(["clusters", str(tmp_path / "out")]) == 0
    table = pa.concat_tables(pq.read_table(p) for p in shard_paths(tmp_path / "out"))
    names = table.column("cluster_name").to_pylist()

    at = open_page(new_app(), "data")
    at.text_input(key="data_path").input(str(tmp_path / "out"))
    at.button(key="data_path_open").click().run()
    at.button(key="data_path_use").click().run()
    assert_ok(at)
    open_page(at, "map")
    assert at.session_state["map_method"] == "stored"
    assert "cluster_name" in at.selectbox(key="map_colour").options
    at.selectbox(key="map_colour").set_value("cluster_name").run()
    assert_ok(at)
    assert not at.error
    legend = map_view(at)["legend"]
    assert legend["title"] == "cluster_name"
    counts = {e["name"]: e["count"] for e in legend["entries"]}
    assert counts == {name: names.count(name) for name in set(names)}  # the stored names
