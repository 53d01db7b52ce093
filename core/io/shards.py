"""The shard format, in one place: a folder of Parquet shards the batch command writes
(``part-00000.parquet`` …, each with its counts under one key of the schema metadata), read like
one Parquet file.

:class:`ShardSet` offers what the app's Parquet reader uses of ``pyarrow.parquet.ParquetFile``
(``schema_arrow``, ``metadata.num_rows``, ``iter_batches``), chaining the shards in order, so a
folder opens on the Data page as one file does, a batch at a time.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from core.errors import InputError

COORDS = ("x", "y", "z")
PATTERN = "part-*.parquet"  # a shard; anything else in the folder (partial files) is not one
META_KEY = b"embedding_explorer"  # the schema metadata key of a shard's own counts and settings


def shard_name(index: int, prefix: str = "part") -> str:
    """The file name of shard ``index`` (Ray's shards take ``prefix="part-ray"``)."""
    return f"{prefix}-{index:05d}.parquet"


def has_shards(folder: Path) -> bool:
    return any(folder.glob(PATTERN))


def write_shard(target: Path, table: pa.Table, meta: dict) -> None:
    """Write a shard under a temporary name, then rename it: a shard that exists is complete."""
    table = table.replace_schema_metadata({META_KEY: json.dumps(meta).encode()})
    partial = target.with_name(target.name + f".{os.getpid()}.partial")
    pq.write_table(table, partial)
    os.replace(partial, target)


def shard_meta(path: Path) -> dict:
    """What a shard says of itself (its metadata key), or {}."""
    return _meta(pq.read_schema(path))


def _meta(schema: pa.Schema) -> dict:
    return json.loads((schema.metadata or {}).get(META_KEY, b"{}"))


def shard_paths(folder: str | Path) -> list[Path]:
    """The complete shards of a batch folder, in order (partial files are not shards)."""
    paths = sorted(Path(folder).glob(PATTERN))
    if not paths:
        raise InputError(
            f"{str(folder)!r} holds no shards ({PATTERN}): give the folder the batch "
            "command wrote, or one .parquet file."
        )
    return paths


def is_shard_folder(path: str | Path) -> bool:
    path = Path(path)
    return path.is_dir() and has_shards(path)


def shard_sizes(paths: list[Path]) -> list[int]:
    return [pq.ParquetFile(p).metadata.num_rows for p in paths]


def read_vectors(path: Path, rows: np.ndarray | None = None) -> np.ndarray:
    """The vector column of one shard as float32 (rows × dimensions), or the given rows of it."""
    column = pq.read_table(path, columns=["vector"]).column("vector").combine_chunks()
    dim = column.type.list_size if pa.types.is_fixed_size_list(column.type) else None
    flat = column.flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
    vectors = flat.reshape(len(column), dim or (len(flat) // max(1, len(column))))
    return vectors if rows is None else vectors[rows]


def rewrite_with(path: Path, coords: np.ndarray, *, method: str, sample: int, n: int) -> None:
    """Rewrite one shard with map coordinates x, y (and z) replacing any it had."""
    table = pq.read_table(path)
    meta = _meta(table.schema)
    table = table.drop_columns([c for c in COORDS if c in table.column_names])
    for axis, name in enumerate(COORDS[: coords.shape[1]]):
        table = table.append_column(name, pa.array(coords[:, axis], pa.float32()))
    meta["map"] = {"method": method, "sample": sample, "n": n}
    write_shard(path, table, meta)


def read_columns(path: Path, columns: list[str], rows: np.ndarray | None = None) -> pa.Table:
    """Some columns of one shard (the given rows only, when ``rows`` is given)."""
    table = pq.read_table(path, columns=columns)
    return table if rows is None else table.take(pa.array(rows, pa.int64()))


def rewrite_columns(path: Path, columns: dict[str, pa.Array], meta_update: dict,
                    drop: tuple[str, ...] = ()) -> None:  # fmt: skip
    """Rewrite one shard with ``columns`` appended, replacing any of those names (and the
    columns in ``drop``) it had, and ``meta_update`` merged into its metadata."""
    table = pq.read_table(path)
    meta = _meta(table.schema)
    gone = set(columns) | set(drop)
    table = table.drop_columns([c for c in table.column_names if c in gone])
    for name, values in columns.items():
        table = table.append_column(name, values)
    write_shard(path, table, {**meta, **meta_update})


class _Metadata:
    def __init__(self, num_rows: int) -> None:
        self.num_rows = num_rows


class ShardSet:
    """The shards of a folder as one Parquet file (read-only, in order)."""

    def __init__(self, folder: str | Path) -> None:
        self.paths = shard_paths(folder)
        first = pq.ParquetFile(self.paths[0])
        self.schema_arrow = first.schema_arrow.remove_metadata()
        self.metadata = _Metadata(sum(shard_sizes(self.paths)))
        self.info = _meta(first.schema_arrow)

    def iter_batches(self, batch_size: int, columns: list[str] | None = None) -> Iterator:
        for path in self.paths:
            file = pq.ParquetFile(path)
            for batch in file.iter_batches(batch_size=batch_size, columns=columns):
                yield batch.cast(
                    pa.schema([self.schema_arrow.field(n) for n in batch.schema.names])
                )


def stored_coords(table: pa.Table, file, notes: list[str]) -> tuple[np.ndarray | None, set[str]]:
    """Map coordinates a table brings (numeric columns x, y and maybe z, none missing), with a
    note saying how they were made when the batch command made them; and the columns used."""
    names = [c for c in COORDS if c in table.column_names]
    if names[:2] != ["x", "y"]:
        return None, set()
    try:
        coords = np.column_stack([table.column(c).to_numpy(zero_copy_only=False) for c in names])
        coords = coords.astype(np.float32)
    except (pa.ArrowException, TypeError, ValueError):
        return None, set()
    if not np.isfinite(coords).all():
        return None, set()
    made = (getattr(file, "info", None) or {}).get("map")
    how = (f" ({made['method'].upper()} fitted on a sample of {made['sample']:,} of "
           f"{made['n']:,} points, the rest placed)" if made else "")  # fmt: skip
    notes.append(f"Map coordinates came with the data{how}: the Map shows them as they are.")
    return coords, set(names)
