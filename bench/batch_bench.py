"""Large corpora: the batch encoder one process vs Ray (2 CPUs) vs the int8 model on 20,000 texts,
its peak memory on a million lines, and sample-and-place maps (1,000,000 points; 100,000 against
a full fit).

    .venv/bin/python bench/run.py --only batch
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from bench.common import INFO, ROOT, Row, log, sentences

MILLION = 1_000_000
N_TEXTS = 20_000


def _table(folder: Path) -> pa.Table:
    from core.io.shards import shard_paths

    return pa.concat_tables(pq.read_table(p) for p in shard_paths(folder)).sort_by("id")


def _vectors(table: pa.Table) -> np.ndarray:
    return np.stack(table.column("vector").to_numpy(zero_copy_only=False))


def _encode_rows(work: Path) -> list[Row]:
    from bench.onnx_bench import neighbour_overlap
    from core.batch.encode import encode_corpus
    from core.batch.ray_job import encode_corpus_ray
    from core.models.registry import INT8_MODEL

    source = work / "20k.txt"
    source.write_text("\n".join(sentences(N_TEXTS, seed=3)))
    times = {}
    for name, run in (
        ("one process", lambda out: encode_corpus(source, out)),
        ("int8, one process", lambda out: encode_corpus(source, out, model=INT8_MODEL)),
        ("Ray local, 2 CPUs", lambda out: _on_ray(encode_corpus_ray, source, out)),
    ):
        start = time.perf_counter()
        run(work / name.replace(" ", "_").replace(",", ""))
        times[name] = time.perf_counter() - start
        log(f"20,000 texts, {name}: {times[name]:.1f} s")
    f32 = _vectors(_table(work / "one_process"))
    i8 = _vectors(_table(work / "int8_one_process"))
    cos = float(np.einsum("ij,ij->i", f32, i8).mean())
    overlap = neighbour_overlap(f32, i8, 10)
    rates = ", ".join(f"{k} {N_TEXTS / v:,.0f} texts/s ({v:.1f} s)" for k, v in times.items())
    return [
        Row("batch_encode_20k", "large corpora",
            "Batch encoder, 20,000 short texts: one process vs int8 vs Ray local (2 CPUs)",
            f"{N_TEXTS / times['one process']:,.0f} / {N_TEXTS / times['int8, one process']:,.0f}"
            f" / {N_TEXTS / times['Ray local, 2 CPUs']:,.0f} texts/s", "reported", INFO,
            f"{rates}; wall time of `encode_corpus` / `encode_corpus_ray` from the file to the "
            "shards written (Ray's includes starting Ray and loading the model in each of its 2 "
            "actors). bench.common.sentences(20,000)."),
        Row("batch_int8_agreement", "large corpora",
            "int8 model against float32 on the same 20,000 texts",
            f"cosine {cos:.3f}, 10-NN overlap {overlap:.1%}", "reported", INFO,
            "Mean cosine between the two vectors of each text; mean share of each text's 10 "
            "nearest (cosine, among the 20,000) that both models list."),
    ]  # fmt: skip


def _on_ray(encode, source: Path, out: Path):
    import ray

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        return encode(source, out)
    finally:
        ray.shutdown()


def _peak_rss(command: list[str]) -> tuple[float, float]:
    """(seconds, peak MiB) of a command with its children, sampled every 0.2 s."""
    import psutil

    start, peak = time.perf_counter(), 0
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    proc = psutil.Process(run.pid)
    while run.poll() is None:
        try:
            procs = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in procs))
        except psutil.Error:
            pass
        time.sleep(0.2)
    if run.returncode:
        raise RuntimeError(f"{command} exited {run.returncode}")
    return time.perf_counter() - start, peak / 2**20


def _million_rows(work: Path) -> tuple[list[Row], Path]:
    from core.models.registry import INT8_MODEL

    source, out = work / "million.txt", work / "million"
    from core.io.datasets import glove_top

    words = [w for w in glove_top(20_000).texts[100:] if w.isalpha()]
    rng = np.random.default_rng(5)
    with open(source, "w") as f:  # short lines, like ticket titles: "ticket 12: printer paper"
        for i, (a, b) in enumerate(rng.integers(0, len(words), (MILLION, 2))):
            f.write(f"ticket {i}: {words[a]} {words[b]}\n")
    size = source.stat().st_size / 2**20
    command = [sys.executable, "-m", "core.batch", "encode", str(source), "--out", str(out),
               "--model", INT8_MODEL, "--shard-rows", "20000"]  # fmt: skip
    wall, peak = _peak_rss(command)
    whole = MILLION * 384 * 4 / 2**20
    log(f"a million lines: {wall:.0f} s, peak {peak:,.0f} MiB")
    return [
        Row("batch_memory_1m", "large corpora",
            "Batch encoder, 1,000,000 short lines (int8 model): peak memory",
            f"{peak:,.0f} MiB", "reported", INFO,
            f"Largest RSS of `python -m core.batch encode` and its children, sampled every 0.2 s; "
            f"the corpus (\"ticket i: word word\", two random words of GloVe's 20,000 most frequent) is {size:,.0f} MiB of text and its vectors alone would be {whole:,.0f} "
            f"MiB in memory at once; shards of 20,000 rows. The run took {wall / 60:.1f} min "
            f"({MILLION / wall:,.0f} texts/s)."),
    ], out  # fmt: skip


def _placement_rows(folder: Path) -> list[Row]:
    from core.batch.map import place_shards
    from core.io.shards import read_vectors, shard_paths
    from core.project.placement import sample_and_place
    from core.project.projection import project
    from core.project.trust import trustworthiness

    start = time.perf_counter()
    placement = place_shards(folder, method="umap")
    wall = time.perf_counter() - start
    coords = np.concatenate([np.column_stack([pq.read_table(p).column(c) for c in "xy"])
                             for p in shard_paths(folder)])  # fmt: skip
    vectors = np.concatenate([read_vectors(p) for p in shard_paths(folder)])
    trust = trustworthiness(vectors, coords)
    log(f"sample-and-place of {placement.n:,}: {wall:.0f} s, trustworthiness {trust:.3f}")
    part = vectors[:100_000]
    t_full = time.perf_counter()
    full = project(part[:99_999], method="umap")  # at PLACE_ABOVE or below: a full fit
    t_full = time.perf_counter() - t_full
    t_s = time.perf_counter()
    placed, _ = sample_and_place(part[:99_999])
    t_s = time.perf_counter() - t_s
    tw_full, tw_placed = (
        trustworthiness(part[:99_999], full),
        trustworthiness(part[:99_999], placed),
    )
    return [
        Row("place_1m", "large corpora", "Sample-and-place UMAP map of 1,000,000 points",
            f"{wall / 60:.1f} min", "reported", INFO,
            f"`python -m core.batch map` on the million-line shards: UMAP fitted on 20,000 "
            f"sampled points, the other 980,000 placed by its transform, shard by shard. "
            f"Trustworthiness (k=5, on a sample of 2,000) {trust:.3f}."),
        Row("place_vs_full_100k", "large corpora",
            "100,000 points: sample-and-place (20,000) against a full UMAP fit",
            f"trustworthiness {tw_placed:.3f} vs {tw_full:.3f}", "reported", INFO,
            f"The first 99,999 vectors of the million; full fit {t_full:.0f} s, sampled fit and "
            f"placement {t_s:.0f} s; trustworthiness k=5 on the same 2,000 sampled points."),
    ]  # fmt: skip


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        return _encode_rows(Path(folder))


def run_million() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        million, out = _million_rows(Path(folder))
        return million + _placement_rows(out)
