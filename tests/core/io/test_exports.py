"""Exports join back to the input: every row, its number, its columns; repeats name the row
whose point stands for them; the Projector metadata reads back whole with pandas defaults."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from core.io.exports import coordinates_table, embeddings_table, first_rows, projector_tsvs
from core.io.uploads import parse_projector

TEXTS = ["cat", "dog", "cat", 'say "hi"', '"quoted', "tab\there", "line\nbreak", "=1+1"]
LABELS = ["a", "b", "a", "c", "c", "d", "d", "e"]
COLUMNS = {"id": [10, 11, 12, 13, 14, 15, 16, 17], "score": [0.5, -1.0, 2, 3, 4, 5, 6, 7]}


def test_first_rows_point_each_repeat_at_its_first_occurrence():
    assert first_rows(["a", "b", "a", "c", "b"]).tolist() == [0, 1, 0, 3, 1]


def test_coordinates_keep_every_row_and_repeats_share_their_dot():
    coords = np.arange(14, dtype=np.float32).reshape(7, 2)  # one per distinct text, in order
    table = coordinates_table(TEXTS, LABELS, COLUMNS, coords)
    assert list(table.columns) == ["row", "text", "label", "id", "score", "x", "y", "drawn_as_row"]
    assert table["drawn_as_row"].tolist() == [0, 1, 0, 3, 4, 5, 6, 7]
    assert table.loc[2, ["x", "y"]].tolist() == table.loc[0, ["x", "y"]].tolist() == [0, 1]
    assert table.loc[7, ["x", "y"]].tolist() == [12, 13]  # the last distinct text, the last dot
    assert table["id"].tolist() == COLUMNS["id"]


def test_embeddings_keep_the_columns_and_the_vectors():
    v = np.random.default_rng(0).normal(size=(8, 3)).astype(np.float32)
    table = embeddings_table(TEXTS, LABELS, COLUMNS, v)
    assert list(table.columns) == ["row", "text", "label", "id", "score", "d0", "d1", "d2"]
    np.testing.assert_array_equal(table[["d0", "d1", "d2"]].to_numpy(), v)


def test_the_projector_pair_reads_back_whole_with_pandas_defaults_and_our_own_parser():
    v = np.random.default_rng(1).normal(size=(8, 4)).astype(np.float32)
    vec, meta = projector_tsvs(v, TEXTS, LABELS, COLUMNS)
    table = pd.read_csv(io.BytesIO(meta), sep="\t")
    assert table.shape == (8, 5)
    assert table["text"].tolist() == [
        "cat", "dog", "cat", 'say "hi"', '"quoted', "tab here", "line break", "'=1+1"
    ]  # fmt: skip
    assert table["id"].tolist() == COLUMNS["id"] and table["score"].tolist() == COLUMNS["score"]
    np.testing.assert_allclose(np.loadtxt(io.BytesIO(vec), delimiter="\t"), v, rtol=1e-6)
    assert list(table.columns) == ["text", "label", "id", "score", "row"]
    parsed = parse_projector(vec, meta)  # and our own Data page reads it back as written
    assert parsed.texts == table["text"].tolist() and parsed.labels == LABELS
