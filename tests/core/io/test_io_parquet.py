"""core.io.parquet and the server-path helpers of core.io.tables, on small real Parquet files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from core.errors import InputError
from core.io.parquet import MAX_PARQUET_ROWS, parquet_layout, parse_parquet
from core.io.tables import server_file, server_text
from core.io.uploads import TooManyItemsError

VECTORS = np.array(
    [[1.0, 0.0, 0.0], [0.9, 0.1, 0.0], [0.0, 1.0, 0.0], [0.0, 0.9, 0.1], [0.0, 0.0, 1.0]],
    dtype=np.float32,
)


def fixed(vectors: np.ndarray) -> pa.FixedSizeListArray:
    return pa.FixedSizeListArray.from_arrays(pa.array(vectors.ravel()), vectors.shape[1])


def table(**extra) -> pa.Table:
    columns = {
        "id": [10, 11, 12, 13, 14],
        "sentence": ["north", "north-ish", "east", "east-ish", "up"],
        "group": ["a", "a", "b", "b", "c"],
        "score": [0.5, None, 1.5, float("nan"), 2.5],
        "embedding": pa.array(VECTORS.tolist(), pa.list_(pa.float32())),
    }
    columns.update(extra)
    return pa.table(columns)


def write(tmp_path: Path, data: pa.Table, name: str = "items.parquet", **kwargs) -> Path:
    path = tmp_path / name
    pq.write_table(data, path, **kwargs)
    return path


# --- reading --------------------------------------------------------------------------------


def test_a_parquet_path_gives_its_vectors_exactly_texts_labels_and_other_columns(tmp_path):
    parsed = parse_parquet(write(tmp_path, table()))
    assert parsed.vectors.dtype == np.float32
    assert np.array_equal(parsed.vectors, VECTORS)
    assert parsed.texts == ["north", "north-ish", "east", "east-ish", "up"]
    assert parsed.labels == ["a", "a", "b", "b", "c"]
    assert parsed.columns == {
        "id": [10, 11, 12, 13, 14],
        "group": ["a", "a", "b", "b", "c"],
        "score": [0.5, None, 1.5, None, 2.5],
    }
    assert all(type(v) is int for v in parsed.columns["id"])
    assert parsed.notes == []


def test_bytes_and_fixed_size_lists_and_float64_read_the_same(tmp_path):
    data = table(embedding=fixed(VECTORS.astype(np.float64)))
    parsed = parse_parquet(write(tmp_path, data).read_bytes(), name="upload.parquet")
    assert np.array_equal(parsed.vectors, VECTORS)
    assert parsed.vectors.flags.writeable and parsed.vectors.flags.c_contiguous


def test_large_lists_and_integer_vectors(tmp_path):
    ints = np.arange(15, dtype=np.int64).reshape(5, 3)
    data = table(embedding=pa.array(ints.tolist(), pa.large_list(pa.int64())))
    assert np.array_equal(parse_parquet(write(tmp_path, data)).vectors, ints.astype(np.float32))


def test_many_row_groups_are_read_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr("core.io.parquet._BATCH_ROWS", 7)
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((100, 8)).astype(np.float32)
    data = pa.table({"text": [f"w{i}" for i in range(100)], "v": fixed(vectors)})
    parsed = parse_parquet(write(tmp_path, data, row_group_size=16))
    assert np.array_equal(parsed.vectors, vectors)
    assert parsed.texts == [f"w{i}" for i in range(100)]


def test_columns_are_guessed_and_can_be_chosen(tmp_path):
    data = table(other=pa.array([[1.0]] * 5))  # a second list column
    path = write(tmp_path, data)
    layout = parquet_layout(path)
    assert (layout.text, layout.label, layout.vector) == ("sentence", "group", "embedding")
    assert layout.vector_columns == ["embedding", "other"] and layout.rows == 5
    parsed = parse_parquet(path, text_column="group", label_column="", vector_column="other")
    assert parsed.vectors.shape == (5, 1) and parsed.labels is None
    assert parsed.texts == ["a", "a", "b", "b", "c"]
    assert set(parsed.columns) == {"id", "sentence", "score"}
    assert parsed.notes == [
        "Left out column(s) ['embedding']: they hold lists, which cannot colour the map."
    ]


def test_without_a_named_text_column_the_first_string_column_is_the_text(tmp_path):
    data = pa.table({"n": [1, 2], "name": ["x", "y"], "v": fixed(VECTORS[:2])})
    assert parse_parquet(write(tmp_path, data)).texts == ["x", "y"]


def test_repeated_texts_keep_their_rows_and_blank_texts_are_named(tmp_path):
    data = table(sentence=["same", "same", None, "  ", "x" * 6_000])
    parsed = parse_parquet(write(tmp_path, data))
    assert parsed.texts[:4] == ["same", "same", "row 3", "row 4"]
    assert len(parsed.texts[4]) == 5_000
    assert len(parsed.vectors) == 5
    assert parsed.notes == [
        "Cut 1 very long text(s) to their first 5,000 characters.",
        "2 row(s) have no text; they are called “row N” on the map.",
    ]


def test_other_column_types_become_plain_values(tmp_path):
    data = pa.table(
        {
            "text": ["a", "b"],
            "v": fixed(VECTORS[:2]),
            "flag": [True, None],
            "kind": pa.array(["x", "y"]).dictionary_encode(),
            "count": pa.array([1, None], pa.int32()),
            "blob": pa.array([b"1", b"2"]),
        }
    )
    parsed = parse_parquet(write(tmp_path, data))
    assert parsed.columns == {"flag": ["True", None], "kind": ["x", "y"], "count": [1, None]}


def test_too_many_rows_says_the_cap_and_a_sample_keeps_rows_in_order(tmp_path):
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((50, 4)).astype(np.float32)
    data = pa.table({"text": [f"w{i}" for i in range(50)], "v": fixed(vectors), "i": range(50)})
    path = write(tmp_path, data)
    with pytest.raises(TooManyItemsError, match=r"^50 rows is more than the 10 the app handles"):
        parse_parquet(path, max_rows=10)
    parsed = parse_parquet(path, max_rows=10, sample=True)
    rows = parsed.columns["i"]
    assert len(rows) == 10 and rows == sorted(rows)
    assert parsed.texts == [f"w{i}" for i in rows]
    assert np.array_equal(parsed.vectors, vectors[rows])
    assert parsed.notes == ["Using a random sample of 10 of the 50 rows."]
    assert MAX_PARQUET_ROWS == 1_000_000


# --- errors ---------------------------------------------------------------------------------


def test_no_list_column(tmp_path):
    path = write(tmp_path, pa.table({"text": ["a"], "x": [1.0]}))
    with pytest.raises(InputError, match=r"has no column of vectors: expected a column whose"):
        parse_parquet(path)


def test_ragged_vectors_name_the_row(tmp_path):
    data = table(embedding=pa.array([[1.0, 2.0]] * 3 + [[1.0], [1.0, 2.0]]))
    with pytest.raises(InputError, match=r"row 1 has 2 numbers, row 4 has 1\. Every vector"):
        parse_parquet(write(tmp_path, data))


def test_ragged_vectors_across_batches(tmp_path, monkeypatch):
    monkeypatch.setattr("core.io.parquet._BATCH_ROWS", 2)
    data = table(embedding=pa.array([[1.0, 2.0]] * 4 + [[1.0, 2.0, 3.0]]))
    with pytest.raises(InputError, match=r"row 1 has 2 numbers, row 5 has 3"):
        parse_parquet(write(tmp_path, data))


def test_lists_of_text_are_not_vectors(tmp_path):
    data = table(embedding=pa.array([["a"]] * 5))
    with pytest.raises(InputError, match=r"holds lists of string, not numbers"):
        parse_parquet(write(tmp_path, data))


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 1e39])
def test_nan_infinite_or_too_large_values(tmp_path, bad):
    data = table(embedding=pa.array([[1.0, 2.0]] * 2 + [[bad, 0.0]] + [[1.0, 2.0]] * 2))
    with pytest.raises(InputError, match=r"The vector of row 3 of items\.parquet has NaN or inf"):
        parse_parquet(write(tmp_path, data))


def test_missing_vectors_and_missing_values(tmp_path):
    data = table(embedding=pa.array([[1.0], [1.0], None, [1.0], [1.0]]))
    with pytest.raises(InputError, match=r"Row 3 of items\.parquet has no vector"):
        parse_parquet(write(tmp_path, data))
    data = table(embedding=pa.array([[1.0], [None], [1.0], [1.0], [1.0]]))
    with pytest.raises(InputError, match=r"The vector of row 2 .* has missing values"):
        parse_parquet(write(tmp_path, data))


def test_a_named_column_that_is_missing_or_the_wrong_kind(tmp_path):
    path = write(tmp_path, table())
    with pytest.raises(InputError, match=r"has no column 'title'\. Its columns are: \['id'"):
        parse_parquet(path, text_column="title")
    with pytest.raises(InputError, match=r"Column 'id' of items\.parquet does not hold lists"):
        parse_parquet(path, vector_column="id")
    with pytest.raises(InputError, match=r"holds lists, so it cannot be the text column"):
        parse_parquet(path, text_column="embedding")


def test_no_text_column(tmp_path):
    path = write(tmp_path, pa.table({"v": fixed(VECTORS)}))
    with pytest.raises(InputError, match=r"has no column of texts to name the points"):
        parse_parquet(path)


def test_no_rows(tmp_path):
    path = write(tmp_path, table().slice(0, 0))
    with pytest.raises(InputError, match=r"items\.parquet has no rows"):
        parse_parquet(path)


def test_not_a_parquet_file(tmp_path):
    path = tmp_path / "fake.parquet"
    path.write_text("text,vector\na,1\n")
    with pytest.raises(InputError, match=r"fake\.parquet is not a Parquet file \(pyarrow says"):
        parse_parquet(path)
    with pytest.raises(InputError, match=r"^up\.parquet is not a Parquet file"):
        parse_parquet(b"PAR1 nothing here", name="up.parquet")


def test_a_cut_off_file(tmp_path):
    whole = write(tmp_path, table()).read_bytes()
    with pytest.raises(InputError, match=r"is not a Parquet file|could not be read as Parquet"):
        parse_parquet(whole[: len(whole) // 2] + whole[-8:])


# --- paths on the server --------------------------------------------------------------------


def test_server_file_checks_the_path(tmp_path):
    good = write(tmp_path, table())
    assert server_file(f'  "{good}" ') == good  # quotes from "copy as path" are fine
    with pytest.raises(InputError, match=r"Enter the path of a file on the server"):
        server_file("  ")
    with pytest.raises(InputError, match=r"There is no file at '.*nope\.parquet' \(on the machine"):
        server_file(str(tmp_path / "nope.parquet"))
    with pytest.raises(InputError, match=r"is a folder, not a file\. Give the path of one"):
        server_file(str(tmp_path))
    (tmp_path / "model.pkl").write_bytes(b"x")
    with pytest.raises(InputError, match=r"'model\.pkl' is not a \.parquet, \.csv, \.tsv or \.txt"):
        server_file(str(tmp_path / "model.pkl"))


def test_server_file_that_cannot_be_read(tmp_path, monkeypatch):
    path = write(tmp_path, table())

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(
        InputError, match=r"cannot be read \(Permission denied\)\. Make it readable"
    ):
        server_file(str(path))


def test_parse_parquet_with_a_bad_path(tmp_path):
    with pytest.raises(InputError, match=r"There is no file at"):
        parse_parquet(str(tmp_path / "missing.parquet"))


def test_server_text_refuses_a_huge_table(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_text("text\na\n")
    assert server_text(path) == b"text\na\n"
    monkeypatch.setattr("core.io.tables.MAX_SERVER_TEXT_MB", 0)
    with pytest.raises(InputError, match=r"more than the 0 MB a text table opens here"):
        server_text(path)
