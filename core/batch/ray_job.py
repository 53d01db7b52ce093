"""The batch encoder as a Ray Data job, so a Ray cluster scales it without code changes.

    from_items(piece numbers) → map_batches(parse piece k: core.batch.corpus, the rules of one process)
      → map_batches(_Encoder, an actor pool: each actor loads the model once; a GPU each when the
        cluster has GPUs) → write_parquet(a staging folder) → renamed into the output folder

It connects to the cluster named by ``RAY_ADDRESS`` (or one already started by the caller, as the
tests do), else starts Ray on this machine. Reading and writing tasks reserve no CPU: every CPU
goes to an encoder actor, and a task that waits for a CPU the actors hold would wait for ever.
The output folder must be visible to every node (a shared file system; ``s3://`` works as Ray's
writer does). Rows keep their ids; their order across shards is Ray's, not the corpus's. An
interrupted Ray job leaves only its staging folder: run it again to start over.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import asdict
from pathlib import Path

import pyarrow as pa

from core.batch.corpus import ANY, Columns, count_rows, read_pieces
from core.batch.encode import SUMMARY_FILE, Summary, claim_folder, run_settings, with_vectors
from core.io.shards import has_shards, shard_name

_PROBLEMS_DIR = "_problems"


class _Parse:
    """Piece k of the corpus, read by the task that gets k (rows before it are skipped, not
    built); its count of rows left out is written beside the output (a Ray task returns rows
    only)."""

    def __init__(self, source: str, columns: Columns, shard_rows: int, staging: str) -> None:
        self.source, self.columns, self.rows, self.staging = source, columns, shard_rows, staging

    def __call__(self, batch: pa.Table):
        for index in batch.column("piece").to_pylist():
            for piece in read_pieces(self.source, self.columns, rows=self.rows, only=index):
                counts = {"rows_in": piece.rows_in, "written": piece.table.num_rows,
                          "problems": piece.problems, "examples": piece.examples}  # fmt: skip
                where = Path(self.staging, _PROBLEMS_DIR, f"{piece.index:05d}.json")
                where.write_text(json.dumps(counts))
                if piece.table.num_rows:
                    yield piece.table


class _Encoder:
    """An actor of the pool: loads the model once, then encodes batch after batch."""

    def __init__(self, model: str, threads: int) -> None:
        import torch

        from core.batch.encode import sentence_encoder

        torch.set_num_threads(max(1, threads))
        self.embedder = sentence_encoder(model)
        model = getattr(self.embedder, "model", None)
        if torch.cuda.is_available() and hasattr(model, "to"):  # the torch model; int8 runs on CPU
            model.to("cuda")

    def __call__(self, batch: pa.Table) -> pa.Table:
        texts = batch.column("text").to_pylist()
        return with_vectors(batch, self.embedder.encode(texts))


def encode_corpus_ray(
    source: str | Path,
    out: str | Path,
    *,
    model: str = "all-MiniLM-L6-v2",
    columns: Columns = ANY,
    shard_rows: int = 10_000,
    batch_size: int = 64,
    workers: int | None = None,
) -> Summary:
    """Encode ``source`` into shards under ``out`` on Ray; the same rows, ids and vectors as
    :func:`core.batch.encode.encode_corpus`."""
    import ray

    started, out = time.perf_counter(), Path(out)
    claim_folder(out, {**run_settings(source, model, columns, shard_rows), "engine": "ray"})
    if has_shards(out):  # a finished Ray run of the same settings
        return Summary(**json.loads((out / SUMMARY_FILE).read_text()))
    _connect(ray)
    gpus = int(ray.cluster_resources().get("GPU", 0))
    cpus = int(ray.cluster_resources().get("CPU", 1))
    workers = workers or gpus or cpus
    staging = out / f".staging-{uuid.uuid4().hex[:8]}"
    (staging / _PROBLEMS_DIR).mkdir(parents=True)
    pieces = -(-(count_rows(source) or 1) // shard_rows)
    ds = ray.data.from_items([{"piece": k} for k in range(pieces)], override_num_blocks=pieces)
    ds = ds.map_batches(_Parse(str(Path(source).resolve()), columns, shard_rows, str(staging)),
                        batch_size=1, batch_format="pyarrow", num_cpus=0)  # fmt: skip
    ds = ds.map_batches(
        _Encoder, fn_constructor_kwargs={"model": model, "threads": max(1, cpus // workers)},
        compute=ray.data.ActorPoolStrategy(size=workers), batch_size=batch_size * 8,
        batch_format="pyarrow", num_cpus=max(1, cpus // workers) if not gpus else 1,
        num_gpus=1 if gpus else 0,
    )  # fmt: skip
    ds.write_parquet(str(staging / "data"), min_rows_per_file=shard_rows,
                     ray_remote_args={"num_cpus": 0})  # fmt: skip
    summary = _summary(staging / _PROBLEMS_DIR)
    for i, part in enumerate(sorted((staging / "data").glob("*.parquet"))):
        os.replace(part, out / shard_name(i, "part-ray"))  # the names the app opens
    shutil.rmtree(staging)
    summary.seconds = time.perf_counter() - started
    (out / SUMMARY_FILE).write_text(json.dumps(asdict(summary), indent=1))
    return summary


def _connect(ray) -> None:
    if ray.is_initialized():
        return
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no reports home
    ray.init(address=os.environ.get("RAY_ADDRESS") or None, include_dashboard=False,
             log_to_driver=False)  # fmt: skip


def _summary(problems: Path) -> Summary:
    summary = Summary()
    for path in sorted(problems.glob("*.json")):
        counts = json.loads(path.read_text())
        summary.add(counts["rows_in"], counts["written"], counts["problems"], counts["examples"])
    return summary
