"""``python -m core.batch clusters DIR``: the Map's clusters of a batch folder's stored map, named
and written into every shard; checked against find_clusters and describe called directly."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from core.batch.cli import main
from core.batch.clusters import MIN_NAMED, NOISE, naming_rows
from core.batch.encode import encode_corpus, sentence_encoder
from core.batch.map import place_shards
from core.clusters import describe, find_clusters
from core.io.shards import shard_meta, shard_paths

TOPICS = {
    "printer": "the office printer jams on page {i}",
    "refund": "please refund my order number {i}",
    "login": "cannot log in to my account after reset {i}",
    "delivery": "parcel {i} was delivered to the wrong address",
    "invoice": "invoice {i} shows the wrong tax amount",
    "holiday": "booking annual leave for week {i}",
}


@pytest.fixture(scope="module")
def mapped(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clusters") / "out"
    source = folder.parent / "tickets.txt"
    source.write_text("\n".join(t.format(i=i) for i in range(12) for t in TOPICS.values()))
    encode_corpus(source, folder, shard_rows=25)
    place_shards(folder, method="pca", sample=40)
    return folder


def _table(folder) -> pa.Table:
    return pa.concat_tables(pq.read_table(p) for p in shard_paths(folder))


def test_the_command_writes_the_maps_clusters_named_into_every_shard(mapped, capsys):
    assert main(["clusters", str(mapped)]) == 0
    assert "written as columns cluster, cluster_name" in capsys.readouterr().out
    table = _table(mapped)
    xy = np.column_stack([table.column("x"), table.column("y")])
    levels = find_clusters(xy, min_coarse=5)
    vectors = np.stack(table.column("vector").to_numpy(zero_copy_only=False))
    texts = table.column("text").to_pylist()
    described = describe(texts, vectors, xy, levels, embedder=sentence_encoder("all-MiniLM-L6-v2"),
                         kind="sentence")  # fmt: skip
    suffixes = ["", "_fine", "_finest"][: len(levels)]
    for suffix, labels, level in zip(suffixes, levels, described, strict=True):
        assert table.column(f"cluster{suffix}").to_pylist() == labels.tolist()
        names = {c.label: c.name for c in level}
        assert table.column(f"cluster{suffix}_name").to_pylist() == [
            names.get(int(x), NOISE) for x in labels
        ]
    assert "cluster_finest" not in table.column_names or len(levels) == 3
    for path in shard_paths(mapped):  # every shard has them, and says how they were made
        assert "cluster_name" in pq.read_schema(path).names
        made = shard_meta(path)["clusters"]
        assert made["levels"] == len(levels) and made["named_from"] == len(texts)
        assert made["names"]["cluster"] == {str(c.label): c.name for c in described[0]}
        assert shard_meta(path)["map"]["method"] == "pca"  # the map's own record is kept


def test_rerunning_replaces_the_columns(mapped):
    assert main(["clusters", str(mapped)]) == 0
    first = _table(mapped)
    for path in shard_paths(mapped):  # a stale level from an earlier run goes too
        table = pq.read_table(path)
        stale = pa.array(["old"] * len(table))
        pq.write_table(table.append_column("cluster_finest_name", stale)
                       .replace_schema_metadata(table.schema.metadata), path)  # fmt: skip
    assert main(["clusters", str(mapped)]) == 0
    again = _table(mapped)
    assert again.column_names == first.column_names
    assert again.equals(first)
    assert again.column_names.count("cluster") == 1


def test_a_folder_without_a_map_is_refused_with_what_to_run(tmp_path, capsys):
    source = tmp_path / "t.txt"
    source.write_text("\n".join(f"ticket number {i}" for i in range(10)))
    encode_corpus(source, tmp_path / "out", shard_rows=5)
    assert main(["clusters", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "no map coordinates (x, y)" in err
    assert f"python -m core.batch map {tmp_path / 'out'}" in err
    assert "Traceback" not in err
    assert main(["clusters", str(tmp_path / "nothing")]) == 2


def test_large_folders_are_named_from_a_sample_that_reaches_every_cluster():
    rng = np.random.default_rng(1)
    coarse = rng.integers(0, 5, 50_000)
    coarse[:7] = 5  # a tiny cluster the random sample would likely miss
    coarse[7:30] = -1
    fine = coarse * 2 + rng.integers(0, 2, 50_000)
    fine[coarse < 0] = -1
    rows = naming_rows([coarse, fine], at_most=2_000, random_state=0)
    assert np.all(np.diff(rows) > 0)
    assert 2_000 <= len(rows) <= 2_000 + 12 * MIN_NAMED
    assert set(range(7)) <= set(rows.tolist())  # all of the tiny cluster's members
    for labels in (coarse, fine):
        sizes = np.bincount(labels[labels >= 0])
        counts = np.bincount(labels[rows][labels[rows] >= 0], minlength=len(sizes))
        assert (counts >= np.minimum(sizes, MIN_NAMED)).all()  # MIN_NAMED each, or all members
    small = naming_rows([coarse[:500]], at_most=2_000)
    np.testing.assert_array_equal(small, np.arange(500))  # small folders: every row
