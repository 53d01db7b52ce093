"""The command line of the batch encoder (``python -m core.batch``); see :mod:`core.batch.encode`."""

from __future__ import annotations

import argparse
import os
import sys

from core.batch.corpus import Columns
from core.errors import InputError, ModelLoadError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m core.batch",
        description="Encode a corpus into Parquet shards the Data page opens (a path on the server); "
        "add map coordinates and named clusters to them.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    enc = commands.add_parser("encode", help="encode a .txt/.csv/.tsv/.jsonl/.parquet corpus")
    enc.add_argument("corpus", help="the corpus file")
    enc.add_argument("--out", required=True, help="folder for the shards (resumed if it exists)")
    enc.add_argument("--text", help="text column (default: guessed by name, e.g. 'text')")
    enc.add_argument("--label", help="label column (default: guessed by name, e.g. 'label')")
    enc.add_argument("--id", help="id column (default: the row number in the corpus)")
    enc.add_argument("--model", default="all-MiniLM-L6-v2", help="a sentence model")
    enc.add_argument("--shard-rows", type=int, default=10_000, help="input rows per shard")
    enc.add_argument("--batch-size", type=int, default=64, help="texts per model call")
    enc.add_argument("--map", choices=("umap", "pca"), help="also add map coordinates x, y")
    enc.add_argument("--sample", type=int, default=20_000, help="points the map is fitted on")
    enc.add_argument("--ray", action="store_true",
                     help="run as a Ray Data job (also when RAY_ADDRESS is set)")  # fmt: skip
    enc.add_argument("--workers", type=int, help="Ray: model replicas (default: one per CPU)")
    mapped = commands.add_parser("map", help="add map coordinates to an encoded folder")
    mapped.add_argument("folder")
    mapped.add_argument("--method", choices=("umap", "pca"), default="umap")
    mapped.add_argument("--sample", type=int, default=20_000)
    found = commands.add_parser("clusters", help="add named clusters of the map to a mapped folder")
    found.add_argument("folder")
    found.add_argument("--model", help="the sentence model that names them (default: the folder's)")
    found.add_argument("--name-sample", type=int, default=20_000,
                       help="rows the clusters are named from, at most (plus a few per cluster)")  # fmt: skip
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "encode":
            _encode(args)
            if args.map:
                _map(args.out, args.map, args.sample)
        elif args.command == "map":
            _map(args.folder, args.method, args.sample)
        else:
            _clusters(args.folder, args.model, args.name_sample)
    except (InputError, ModelLoadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Stopped. Run the same command again to go on from the last whole shard.",
              file=sys.stderr)  # fmt: skip
        return 130
    return 0


def _encode(args) -> None:
    from core.batch.encode import encode_corpus

    columns = Columns(args.text, args.label, args.id)
    if args.ray or os.environ.get("RAY_ADDRESS"):
        from core.batch.ray_job import encode_corpus_ray

        summary = encode_corpus_ray(args.corpus, args.out, model=args.model, columns=columns,
                                    shard_rows=args.shard_rows, batch_size=args.batch_size,
                                    workers=args.workers)  # fmt: skip
    else:
        with _bar("rows") as bar:
            summary = encode_corpus(args.corpus, args.out, model=args.model, columns=columns,
                                    shard_rows=args.shard_rows, batch_size=args.batch_size,
                                    progress=bar)  # fmt: skip
    print(summary.text())
    for example in summary.examples:
        print(f"  left out {example}")


def _map(folder: str, method: str, sample: int) -> None:
    from core.batch.map import place_shards

    with _bar("shards", fraction=True) as bar:
        placement = place_shards(folder, method=method, sample=sample, progress=bar)
    print(placement.text())


def _clusters(folder: str, model: str | None, name_sample: int) -> None:
    from core.batch.clusters import cluster_shards

    with _bar("shards", fraction=True) as bar:
        found = cluster_shards(folder, model=model, name_at_most=name_sample, progress=bar)
    print(found.text())


class _bar:
    """A tqdm bar on stderr fed by (done, total) or (fraction, message) reports."""

    def __init__(self, unit: str, fraction: bool = False) -> None:
        self.unit, self.fraction = unit, fraction

    def __enter__(self):
        from tqdm import tqdm

        shape = "{desc} {percentage:3.0f}%|{bar}| {elapsed}<{remaining}" if self.fraction else None
        self.tqdm = tqdm(unit=" " + self.unit, total=1.0 if self.fraction else None,
                         file=sys.stderr, dynamic_ncols=True, bar_format=shape)  # fmt: skip
        return self

    def __call__(self, done, total_or_message) -> None:
        if self.fraction:
            self.tqdm.n = round(done, 3)
            self.tqdm.set_description(str(total_or_message))
        else:
            self.tqdm.total = total_or_message
            self.tqdm.n = done
        self.tqdm.refresh()

    def __exit__(self, *exc) -> None:
        self.tqdm.close()
