"""The corpus formats read row by row (.txt, .jsonl, .csv/.tsv, .parquet), each cut into pieces of
``rows`` input rows: (usable rows as dicts, rows read, counts of problems, a few examples). A row
that cannot be used is counted, never fatal: empty, undecodable (bytes that are not UTF-8) or
unreadable (not a JSON object)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

PROBLEMS = ("empty", "undecodable", "unreadable")


def _grouped(results: Iterator, rows: int) -> Iterator[tuple[list, int, dict, list]]:
    """Per-row results (a row's dict, or ``(problem, row number, why)``) in pieces of ``rows``
    input rows: (usable rows, rows read, counts of problems, a few examples)."""
    good, problems, examples, count = [], dict.fromkeys(PROBLEMS, 0), [], 0
    for result in results:
        if isinstance(result, dict):
            good.append(result)
        else:
            kind, number, why = result
            problems[kind] += 1
            if len(examples) < 3:
                examples.append(f"row {number}: {why}")
        count += 1
        if count == rows:
            yield good, count, problems, examples
            good, problems, examples, count = [], dict.fromkeys(PROBLEMS, 0), [], 0
    if count:
        yield good, count, problems, examples


_NOT_UTF8 = "bytes that are not UTF-8"


def _text_lines(path: Path, parse) -> Iterator:
    """Rows of a line-based file; ``parse(line: str) -> dict`` (ValueError: unreadable)."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle):
            try:
                line = raw.rstrip(b"\r\n").decode("utf-8")
                row = parse(line.removeprefix("\ufeff") if number == 0 else line)
                yield {**row, "_row": number}
            except UnicodeDecodeError:
                yield "undecodable", number, _NOT_UTF8
            except ValueError as exc:
                yield "unreadable", number, str(exc)[:80]


def _txt(path: Path, rows: int):
    return _grouped(_text_lines(path, lambda line: {"text": line}), rows)


def _jsonl(path: Path, rows: int):
    def parse(line: str) -> dict:
        value = json.loads(line) if line.strip() else {}
        if not isinstance(value, dict):
            raise ValueError(f"not a JSON object: {line[:40]!r}")
        return value

    return _grouped(_text_lines(path, parse), rows)


def _delimited(path: Path, rows: int, delimiter: str):
    return _grouped(_cells(path, delimiter), rows)


def _cells(path: Path, delimiter: str) -> Iterator:
    """Rows of a .csv/.tsv with the csv module (quoted fields may span lines); a row with bytes
    that are not UTF-8 is undecodable (read with surrogateescape, so one bad row spoils nothing
    else)."""
    with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None) or []
        for number, cells in enumerate(reader):
            if any(_has_bad_bytes(c) for c in cells):
                yield "undecodable", number, _NOT_UTF8
            else:
                yield {**dict.fromkeys(header), **dict(zip(header, cells, strict=False)),
                       "_row": number}  # fmt: skip


def _has_bad_bytes(cell: str) -> bool:
    try:
        cell.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


class _Rows:
    """A Parquet batch's rows as dicts, made only when a piece is built (a Ray task reading
    piece k skips the batches before it without building them)."""

    def __init__(self, batch: pa.RecordBatch, first: int) -> None:
        self.batch, self.first = batch, first

    def __iter__(self):
        for i, row in enumerate(self.batch.to_pylist()):
            yield {**row, "_row": self.first + i}


def _parquet(path: Path, rows: int):
    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=rows):
        yield _Rows(batch, number), batch.num_rows, dict.fromkeys(PROBLEMS, 0), []
        number += batch.num_rows


READERS = {
    "txt": _txt,
    "jsonl": _jsonl,
    "csv": lambda path, rows: _delimited(path, rows, ","),
    "tsv": lambda path, rows: _delimited(path, rows, "\t"),
    "parquet": _parquet,
}
