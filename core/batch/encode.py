"""The batch encoder: a corpus on disk to a folder of Parquet shards with one vector per row.

    .venv/bin/python -m core.batch encode corpus.csv --out vectors/ [--text COL] [--label COL]
        [--id COL] [--model NAME] [--shard-rows 10000] [--map umap|pca] [--ray]

Piece k of the corpus (input rows ``[k*S, (k+1)*S)``, :mod:`core.batch.corpus`) becomes
``part-0000k.parquet`` with the columns id, text, label, the corpus's other columns and ``vector``
(fixed-size list of float32). A shard is written to a temporary name and renamed when complete, so
after an interruption a rerun skips the shards that exist and writes the rest: no row twice, none
lost. What each shard left out (empty texts, bytes that are not UTF-8, unreadable lines) is kept
in its own metadata, and the run's totals in ``_summary.json``. Only one piece and its vectors
are in memory at a time. ``--map`` then adds map coordinates (``x``, ``y``) to every shard
(:mod:`core.project.placement`); ``--ray`` runs the same work as a Ray Data job (:mod:`core.batch.ray_job`).
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from core.batch.corpus import ANY, Columns, check_corpus, count_rows, read_pieces
from core.batch.readers import PROBLEMS
from core.errors import InputError
from core.io.shards import has_shards, shard_meta, shard_name, write_shard
from core.progress import Progress

RUN_FILE, SUMMARY_FILE = "_run.json", "_summary.json"


@dataclass
class Summary:
    rows_in: int = 0  # input rows read
    written: int = 0  # rows with a vector in the output
    problems: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PROBLEMS, 0))
    shards: int = 0
    skipped_shards: int = 0  # found complete from an earlier run
    examples: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, rows_in: int, written: int, problems: dict, examples: list[str]) -> None:
        self.rows_in += rows_in
        self.written += written
        for kind, n in problems.items():
            self.problems[kind] = self.problems.get(kind, 0) + n
        self.examples.extend(examples[: max(0, 10 - len(self.examples))])
        self.shards += 1

    def text(self) -> str:
        left = ", ".join(f"{n:,} {kind}" for kind, n in self.problems.items() if n) or "none"
        return (
            f"{self.rows_in:,} rows read, {self.written:,} encoded into {self.shards} shard(s) "
            f"({self.skipped_shards} already done) in {self.seconds:.1f} s; left out: {left}."
        )


class _NoCache:
    """The app's encoding cache is for texts a person looks at again; a corpus is encoded once."""

    def get_many(self, model, texts, dim):
        return {}

    def put_many(self, model, texts, vectors):
        return None


def sentence_encoder(model: str):
    """The named sentence model, encoding without the app's cache."""
    import copy

    from core.models.registry import load_model

    embedder = load_model(model)
    if embedder.kind != "sentence":
        raise InputError(
            f"{model} is a word model: the batch command encodes texts with a sentence model."
        )
    embedder = copy.copy(embedder)
    embedder.cache = _NoCache()
    return embedder


def encode_corpus(
    source: str | Path,
    out: str | Path,
    *,
    model: str = "all-MiniLM-L6-v2",
    columns: Columns = ANY,
    shard_rows: int = 10_000,
    batch_size: int = 64,
    progress: Progress | None = None,
) -> Summary:
    """Encode ``source`` into shards under ``out`` (see the module's docstring); resumes a run
    with the same settings, refuses a folder holding a run with other settings."""
    started, out = time.perf_counter(), Path(out)
    settings = run_settings(source, model, columns, shard_rows)
    claim_folder(out, settings)
    total = count_rows(source)
    embedder, summary, done_rows = None, Summary(), 0
    for piece in read_pieces(source, columns, rows=shard_rows):
        target = out / shard_name(piece.index)
        if target.exists():
            summary.skipped_shards += 1
            summary.add(*_shard_counts(target))
        else:
            if embedder is None:
                embedder = sentence_encoder(model)
            texts = piece.table.column("text").to_pylist()
            vectors = (embedder.encode(texts, batch_size=batch_size) if texts
                       else np.zeros((0, embedder.dim), np.float32))  # fmt: skip
            meta = {"rows_in": piece.rows_in, "problems": piece.problems,
                    "examples": piece.examples, "model": model}  # fmt: skip
            write_shard(target, with_vectors(piece.table, vectors), meta)
            summary.add(piece.rows_in, len(texts), piece.problems, piece.examples)
        done_rows += piece.rows_in
        if progress:
            progress(done_rows, total)
    summary.seconds = time.perf_counter() - started
    (out / SUMMARY_FILE).write_text(json.dumps(asdict(summary), indent=1))
    return summary


def run_settings(source, model: str, columns: Columns, shard_rows: int) -> dict:
    check_corpus(source)
    stat = Path(source).stat()
    return {"source": str(Path(source).resolve()), "bytes": stat.st_size, "model": model,
            "columns": asdict(columns), "shard_rows": shard_rows}  # fmt: skip


def claim_folder(out: Path, settings: dict) -> None:
    """Make ``out`` this run's folder, or find it is this run's already (a resume)."""
    out.mkdir(parents=True, exist_ok=True)
    run = out / RUN_FILE
    if run.exists():
        before = json.loads(run.read_text())
        if before != settings:
            changed = sorted(k for k in settings if before.get(k) != settings[k])
            raise InputError(
                f"{out} holds a run with other settings ({', '.join(changed)} differ): choose "
                "another folder, or delete this one to start again."
            )
    elif has_shards(out):
        raise InputError(f"{out} already holds shards of another run: choose an empty folder.")
    else:
        run.write_text(json.dumps(settings, indent=1))


def with_vectors(table: pa.Table, vectors: np.ndarray) -> pa.Table:
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    flat = pa.array(vectors.reshape(-1), pa.float32())
    column = pa.FixedSizeListArray.from_arrays(flat, vectors.shape[1])
    return table.append_column("vector", column)


def _shard_counts(path: Path) -> tuple[int, int, dict, list]:
    meta = shard_meta(path)
    rows = pq.ParquetFile(path).metadata.num_rows
    return meta.get("rows_in", rows), rows, meta.get("problems", {}), meta.get("examples", [])
