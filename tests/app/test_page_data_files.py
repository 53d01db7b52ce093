"""The Data page with Parquet files (uploaded, or opened by a path on the server) and the extra
columns of a table, which the Map offers as "colour by"."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from apptest_helpers import assert_ok, map_points, map_view, new_app, one_text, open_page

VECTORS = np.array(
    [[1.0, 0.0, 0.0], [0.9, 0.1, 0.0], [0.0, 1.0, 0.0], [0.0, 0.9, 0.1], [0.0, 0.0, 1.0]],
    dtype=np.float32,
)


@pytest.fixture(autouse=True)
def allowed(tmp_path, monkeypatch):
    """The operator allows this test's folder (opening server files is off otherwise)."""
    monkeypatch.setenv("EMBEDDING_EXPLORER_SERVER_DIRS", str(tmp_path))


@pytest.fixture
def at():
    return open_page(new_app(), "data")


@pytest.fixture
def parquet(tmp_path):
    data = pa.table(
        {
            "text": ["north", "north-ish", "east", "east-ish", "**up**"],
            "topic": ["a", "a", "b", "b", "c"],
            "score": [0.1, 0.2, None, 0.4, 0.5],
            "vector": pa.FixedSizeListArray.from_arrays(pa.array(VECTORS.ravel()), 3),
        }
    )
    path = tmp_path / "points.parquet"
    pq.write_table(data, path)
    return path


def said(elements) -> str:
    """Messages as the user reads them (the page escapes markdown in what quotes user text)."""
    return re.sub(r"\\(.)", r"\1", one_text(elements))


def pickers(at) -> dict[str, object]:
    """The column pickers by role: "data_text_col_<file id>" → "data_text_col"."""
    return {s.key.split("_col_")[0] + "_col": s for s in at.selectbox if "_col_" in (s.key or "")}


def open_path(at, path) -> None:
    at.text_input(key="data_path").input(str(path))
    at.button(key="data_path_open").click().run()
    assert_ok(at)


def test_a_parquet_file_opened_by_its_path_becomes_the_dataset(at, parquet):
    open_path(at, parquet)
    assert not at.error
    cols = pickers(at)
    assert (cols["data_vector_col"].value, cols["data_text_col"].value) == ("vector", "text")
    assert cols["data_label_col"].value == "topic"
    assert "5 items, 3-dimensional vectors, 2 more column(s) to colour by" in one_text(at.caption)
    at.button(key="data_path_use").click().run()
    assert_ok(at)
    custom = at.session_state["custom"]
    assert np.array_equal(custom["vectors"], VECTORS)
    assert custom["texts"] == ["north", "north-ish", "east", "east-ish", "**up**"]
    assert custom["labels"] == ["a", "a", "b", "b", "c"]
    assert custom["columns"] == {
        "topic": ["a", "a", "b", "b", "c"],
        "score": [0.1, 0.2, None, 0.4, 0.5],
    }
    assert said(at.success) == "Now exploring “points.parquet”: 5 items. Open the Map."
    assert "Model: the vectors came with your file." in one_text(at.sidebar.caption)
    open_page(at, "map")
    assert [t for _, t in map_points(at)] == custom["texts"]
    assert [e["name"] for e in map_view(at)["legend"]["entries"]] == ["a", "b", "c"]


def test_the_opened_path_and_its_columns_stay_across_pages(at, parquet):
    open_path(at, parquet)
    [label] = [s for s in at.selectbox if s.key.startswith("data_label_col_")]
    label.set_value("(no labels)").run()
    open_page(at, "similarity")
    open_page(at, "data")
    assert at.text_input(key="data_path").value == str(parquet)
    assert pickers(at)["data_label_col"].value == "(no labels)"
    at.button(key="data_path_use").click().run()
    assert at.session_state["custom"]["labels"] == ["your data"] * 5


def test_an_uploaded_parquet_file(at, parquet):
    at.file_uploader(key="data_upload").set_value(
        ("points.parquet", parquet.read_bytes(), "application/octet-stream")
    ).run()
    assert_ok(at)
    assert pickers(at)["data_vector_col"].value == "vector"
    at.button(key="data_upload_use").click().run()
    assert_ok(at)
    assert np.array_equal(at.session_state["custom"]["vectors"], VECTORS)
    assert set(at.session_state["custom"]["columns"]) == {"topic", "score"}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "nope.parquet", "There is no file at '"),
        (lambda d: d, "is a folder, not a file"),
        (lambda d: d / "**bold**.parquet", "**bold**.parquet is not a Parquet file"),
    ],
)
def test_a_bad_path_is_said_on_the_page(at, tmp_path, make, message):
    path = make(tmp_path)
    if path.name.endswith(".parquet") and path.name != "nope.parquet":
        path.write_text("not parquet")
    open_path(at, path)
    assert message in said(at.error)
    assert "**" not in one_text(at.error).replace("\\*", "")  # user text shown as typed
    assert at.text_input(key="data_path").value == str(path)
    assert "Download the current set" in [s.value for s in at.subheader]


def test_a_parquet_file_without_vectors_says_what_is_missing(at, tmp_path):
    path = tmp_path / "plain.parquet"
    pq.write_table(pa.table({"text": ["a", "b"], "n": [1, 2]}), path)
    open_path(at, path)
    assert "plain.parquet has no column of vectors" in said(at.error)


def test_a_csv_opened_by_path_keeps_its_columns(at, tmp_path):
    path = tmp_path / "things.csv"
    path.write_text("id,word,category\n1,cat,animal\n2,dog,animal\n3,car,vehicle\n")
    open_path(at, path)
    assert pickers(at)["data_text_col"].value == "word"
    at.button(key="data_path_use").click().run()
    assert_ok(at)
    custom = at.session_state["custom"]
    assert custom["texts"] == ["cat", "dog", "car"] and custom["vectors"] is None
    assert custom["columns"] == {"id": [1, 2, 3], "category": ["animal", "animal", "vehicle"]}


def test_a_csv_upload_keeps_its_other_columns(at):
    data = b"id,word,category,weight\n1,cat,animal,4.5\n2,dog,animal,\n3,car,vehicle,1200\n"
    at.file_uploader(key="data_upload").set_value(("things.csv", data, "text/csv")).run()
    assert_ok(at)
    at.button(key="data_upload_use").click().run()
    assert_ok(at)
    assert at.session_state["custom"]["columns"] == {
        "id": [1, 2, 3],
        "category": ["animal", "animal", "vehicle"],
        "weight": [4.5, None, 1200.0],
    }


def test_a_path_outside_the_allowed_folders_is_refused_without_saying_if_it_exists(at, tmp_path):
    for path in (tmp_path.parent / "elsewhere.csv", "../../etc/passwd", tmp_path / ".h.csv"):
        open_path(at, path)
        assert "This path cannot be opened here" in said(at.error), path


def test_without_allowed_folders_there_is_no_path_box(monkeypatch):
    monkeypatch.delenv("EMBEDDING_EXPLORER_SERVER_DIRS")
    at = open_page(new_app(), "data")
    assert not [t for t in at.text_input if t.key == "data_path"]
    assert "Opening files on the server is off" in one_text(at.caption)
