"""The batch encoder on a local Ray cluster (started here with two CPUs) writes the same rows,
ids, columns, vectors and counts of bad rows as the single-process run."""

from __future__ import annotations

import csv
import os

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from core.batch.corpus import Columns
from core.batch.encode import encode_corpus
from core.io.shards import shard_paths

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def local_ray():
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _read(folder) -> pa.Table:
    return pa.concat_tables(pq.read_table(p) for p in shard_paths(folder)).sort_by("id")


def test_ray_writes_what_one_process_writes(tmp_path, local_ray):
    from core.batch.ray_job import encode_corpus_ray

    source = tmp_path / "tickets.csv"
    with open(source, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["id", "text", "team", "hours"])
        for i in range(260):
            text = "" if i % 50 == 7 else f"ticket {i}: the printer on floor {i % 9} jams"
            out.writerow([f"T{i:03d}", text, "red" if i % 3 else "blue", i % 11])
    source.write_bytes(source.read_bytes().replace(b"ticket 100:", b"ticket \xff:"))
    columns = Columns(label="team", id="id")
    one = encode_corpus(source, tmp_path / "one", columns=columns, shard_rows=60)
    many = encode_corpus_ray(source, tmp_path / "ray", columns=columns, shard_rows=60)
    assert (many.rows_in, many.written, many.problems) == (one.rows_in, one.written, one.problems)
    assert many.problems == {"empty": 6, "undecodable": 1, "unreadable": 0}
    a, b = _read(tmp_path / "one"), _read(tmp_path / "ray")
    assert a.num_rows == b.num_rows == 253
    for name in ("id", "text", "label", "hours"):
        assert a.column(name).to_pylist() == b.column(name).to_pylist(), name
    va = np.stack(a.column("vector").to_numpy(zero_copy_only=False))
    vb = np.stack(b.column("vector").to_numpy(zero_copy_only=False))
    np.testing.assert_allclose(va, vb, atol=1e-5)
    assert not list((tmp_path / "ray").glob(".staging-*"))
    again = encode_corpus_ray(source, tmp_path / "ray", columns=columns, shard_rows=60)
    assert again.written == 253  # a finished run is not run twice
