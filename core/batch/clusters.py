"""Named clusters of a batch folder's map: HDBSCAN on the stored x, y of every shard (as the Map
finds them, ``find_clusters(coords, min_coarse=5)``; above 10,000 points it is fitted on a sample
and the rest take their nearest sampled point's labels), each cluster named by ``describe`` with
the folder's sentence model, and the labels and names written into every shard as the columns the
Map's points CSV uses: ``cluster``, ``cluster_name`` (coarse), ``cluster_fine``,
``cluster_fine_name`` and ``cluster_finest``, ``cluster_finest_name`` when there are more levels;
noise is -1, named "(noise)". ``python -m core.batch clusters DIR`` runs it.

Memory stays bounded: only the coordinates of every row are held (8 bytes a row); texts and
vectors are read for the naming sample only, shard by shard. The naming sample
(:func:`naming_rows`): every row when the folder has at most ``NAME_AT_MOST`` (20,000); else a
seeded random sample of that many rows, plus, for any cluster of any level with fewer than
``MIN_NAMED`` sampled members, that many of its members at random (all of them if fewer), so no
cluster goes unnamed. ``describe`` runs on the sample's texts, vectors, coordinates and labels.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from core.batch.encode import RUN_FILE, sentence_encoder
from core.clusters import describe, find_clusters
from core.errors import InputError
from core.io.shards import (
    read_columns,
    read_vectors,
    rewrite_columns,
    shard_meta,
    shard_paths,
    shard_sizes,
)
from core.progress import Report
from core.project.placement import sample_rows

MIN_COARSE = 5  # as the Map asks: a coarsest level of fewer clusters is left out
NAME_AT_MOST = 20_000
MIN_NAMED = 20
NOISE = "(noise)"
SUFFIXES = ("", "_fine", "_finest")
ALL_COLUMNS = tuple(c for s in SUFFIXES for c in (f"cluster{s}", f"cluster{s}_name"))


@dataclass
class Clustering:
    """What :func:`cluster_shards` did: rows, levels, the naming sample's size, names by level."""

    n: int
    named_from: int
    names: list[dict[int, str]] = field(default_factory=list)
    seconds: float = 0.0

    def text(self) -> str:
        counts = ", ".join(f"{len(level):,}" for level in self.names)
        sample = ("all of them" if self.named_from == self.n
                  else f"a sample of {self.named_from:,}")  # fmt: skip
        return (
            f"{len(self.names)} level(s) of clusters ({counts}) over {self.n:,} points, named from "
            f"{sample}; written as columns {', '.join(column_names(len(self.names)))} "
            f"in {self.seconds:.1f} s."
        )


def column_names(levels: int) -> list[str]:
    return [c for s in SUFFIXES[:levels] for c in (f"cluster{s}", f"cluster{s}_name")]


def cluster_shards(folder: str | Path, *, model: str | None = None, embedder=None,
                   name_at_most: int = NAME_AT_MOST, random_state: int = 0,
                   progress: Report | None = None) -> Clustering:  # fmt: skip
    """Find, name and write the clusters of a mapped batch folder (see the module). ``model``
    (or a loaded ``embedder``) names them; by default the model the folder was encoded with."""
    started = time.perf_counter()
    paths = shard_paths(folder)
    coords = read_coords(folder, paths)
    _say(progress, 0.0, f"finding clusters among {len(coords):,} points")
    levels = find_clusters(coords, min_coarse=MIN_COARSE, random_state=random_state)
    rows = naming_rows(levels, name_at_most, random_state)
    _say(progress, 0.3, f"reading the {len(rows):,} rows that name them")
    texts, vectors = read_rows(paths, rows)
    if embedder is None:
        embedder = sentence_encoder(model or folder_model(folder, paths))
    _say(progress, 0.4, "naming them")
    described = describe(texts, vectors, coords[rows], [labels[rows] for labels in levels],
                         embedder=embedder, kind="sentence")  # fmt: skip
    names = [{c.label: c.name for c in level} for level in described]
    meta = {"clusters": {
        "levels": len(levels), "n": len(coords), "named_from": len(rows),
        "names": {f"cluster{s}": {str(k): v for k, v in by.items()}
                  for s, by in zip(SUFFIXES, names, strict=False)},
    }}  # fmt: skip
    starts = np.concatenate([[0], np.cumsum(shard_sizes(paths))])
    for i, path in enumerate(paths):
        a, b = starts[i], starts[i + 1]
        columns = {}
        for suffix, labels, by in zip(SUFFIXES, levels, names, strict=False):
            mine = labels[a:b]
            columns[f"cluster{suffix}"] = pa.array(mine, pa.int64())
            columns[f"cluster{suffix}_name"] = pa.array([by.get(int(x), NOISE) for x in mine])
        rewrite_columns(path, columns, meta, drop=ALL_COLUMNS)
        _say(progress, 0.6 + 0.4 * (i + 1) / len(paths), f"wrote shard {i + 1} of {len(paths)}")
    return Clustering(len(coords), len(rows), names, time.perf_counter() - started)


def read_coords(folder, paths: list[Path]) -> np.ndarray:
    """The stored x, y of every shard, in order (float32, n × 2)."""
    unmapped = [p.name for p in paths if not {"x", "y"} <= set(pq.read_schema(p).names)]
    if unmapped:
        raise InputError(
            f"{folder} has no map coordinates (x, y) in {len(unmapped)} of {len(paths)} shards "
            f"(e.g. {unmapped[0]}): run `python -m core.batch map {folder}` first."
        )
    parts = [read_columns(p, ["x", "y"]) for p in paths]
    return np.concatenate([
        np.column_stack([t.column(c).to_numpy(zero_copy_only=False) for c in ("x", "y")])
        for t in parts
    ]).astype(np.float32)  # fmt: skip


def naming_rows(levels: list[np.ndarray], at_most: int = NAME_AT_MOST,
                random_state: int = 0) -> np.ndarray:  # fmt: skip
    """The sorted rows clusters are named from (see the module's docstring)."""
    n = len(levels[0])
    if n <= at_most:
        return np.arange(n)
    picked = np.zeros(n, bool)
    picked[sample_rows(n, at_most, random_state)] = True
    rng = np.random.default_rng(random_state)
    for labels in levels:
        classes = labels.max() + 1
        have = np.bincount(labels[picked & (labels >= 0)], minlength=classes)
        for c in np.flatnonzero(have < MIN_NAMED):
            members = np.flatnonzero(labels == c)
            picked[rng.permutation(members)[:MIN_NAMED]] = True
    return np.flatnonzero(picked)


def read_rows(paths: list[Path], rows: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The texts and vectors of the given (sorted) rows of the folder, one shard at a time."""
    texts, vectors = [], []
    starts = np.concatenate([[0], np.cumsum(shard_sizes(paths))])
    for path, a, b in zip(paths, starts[:-1], starts[1:], strict=True):
        local = rows[(rows >= a) & (rows < b)] - a
        if len(local):
            texts += read_columns(path, ["text"], local).column("text").to_pylist()
            vectors.append(read_vectors(path, local))
    return [str(t) for t in texts], np.concatenate(vectors)


def folder_model(folder, paths: list[Path]) -> str:
    """The sentence model the folder was encoded with (its shards' metadata, or its run file)."""
    model = shard_meta(paths[0]).get("model")
    run = Path(folder) / RUN_FILE
    if not model and run.exists():
        model = json.loads(run.read_text()).get("model")
    if not model:
        raise InputError(f"{folder} does not say which model encoded it: give --model.")
    return model


def _say(progress: Report | None, fraction: float, message: str) -> None:
    if progress:
        progress(fraction, message)
