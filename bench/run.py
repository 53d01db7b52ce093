"""Run the benchmarks and write the results table.

    .venv/bin/python bench/run.py --out bench/results.md [--only encoding,umap,...]

Benches: pca, knn, index, tsne, encoding, umap (fresh processes), browser (streamlit + Chromium),
analogy (ours against gensim, in one process), geometry (k-NN graph, hubness, anisotropy,
all-but-the-top), rerank (CSLS and mutual proximity on 10,000 GloVe words), batch (the batch
encoder: one process vs int8 vs Ray on 20,000 texts), million (a million lines' peak memory,
sample-and-place maps), clusters (named clusters: agreement with the known groups against
BERTopic and k-means told k, the names, the time to cluster and name 10,000 and 100,000 texts),
filters (the Map's filter over 100,000 rows: time and bytes).
Raw rows are kept next to the table (``results.json``), so ``--only`` re-measures some benches
and keeps the others' last figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `core` and `bench` importable

from bench import (  # noqa: E402
    batch_bench,
    browser,
    clusters,
    compute,
    encoding,
    filters,
    geometry,
    report,
    umap_fresh,
)
from bench.common import Row, load_average, log, skipped  # noqa: E402
from bench.cpu import OtherCpu, share  # noqa: E402

BENCHES = {
    "pca": compute.pca,
    "knn": compute.knn,
    "index": compute.index,
    "tsne": compute.tsne,
    "encoding": encoding.run,
    "umap": umap_fresh.run,
    "browser": browser.run,
    "analogy": compute.analogy,
    "geometry": geometry.run,
    "rerank": geometry.run_rerank,
    "batch": batch_bench.run,
    "million": batch_bench.run_million,
    "clusters": clusters.run,
    "filters": filters.run,
}


def _measure(name: str, others: OtherCpu) -> tuple[list[dict], dict]:
    log(f"--- {name} ---")
    info = {"at": time.strftime("%Y-%m-%d %H:%M"), "load_before": load_average()}
    start, others_before = time.perf_counter(), others.seconds
    try:
        rows: list[Row] = BENCHES[name]()
    except Exception as exc:  # a broken bench is reported, and the others still run
        traceback.print_exc()
        rows = [skipped(name, name, f"bench `{name}`", "—", f"{type(exc).__name__}: {exc}")]
    wall = time.perf_counter() - start
    info.update(
        seconds=wall,
        load_after=load_average(),
        others=share(others.seconds - others_before, wall),
    )
    for row in rows:
        row.others = f"{info['others']:.0%}"
    log(f"{name}: done in {wall:.0f} s; other processes used {info['others']:.0%} of the CPUs")
    return [dict(r.as_dict(), bench=name) for r in rows], info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("bench/results.md"))
    parser.add_argument("--only", help=f"comma-separated subset of: {','.join(BENCHES)}")
    args = parser.parse_args(argv)
    names = list(BENCHES) if not args.only else [n.strip() for n in args.only.split(",") if n]
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        parser.error(f"unknown bench {unknown}; choose from {list(BENCHES)}")
    raw_path = args.out.with_suffix(".json")
    kept = json.loads(raw_path.read_text()) if args.only and raw_path.exists() else {}
    rows = {name: kept.get("rows", {}).get(name, []) for name in BENCHES}
    runs = {name: info for name, info in kept.get("runs", {}).items() if name in BENCHES}
    others = OtherCpu().start()
    for name in names:
        rows[name], runs[name] = _measure(name, others)
    others.stop()
    ordered = [r for name in BENCHES for r in rows[name]]
    runs = {name: runs[name] for name in BENCHES if name in runs}
    env = report.environment()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw_path.write_text(json.dumps({"env": env, "runs": runs, "rows": rows}, indent=1) + "\n")
    args.out.write_text(report.render(env, ordered, runs))
    misses = sum(r["status"] == "miss" for r in ordered)
    log(f"wrote {args.out} ({len(ordered)} rows, {misses} missed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
