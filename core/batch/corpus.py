"""A corpus on disk, read in pieces: .txt (one text per line), .csv, .tsv, .jsonl or .parquet.

:func:`read_pieces` yields :class:`Piece` s of at most ``rows`` input rows each, in input order, so
the whole corpus is never in memory. Piece k covers input rows ``[k*rows, (k+1)*rows)``, whatever
is wrong with them: the batch encoder writes one shard per piece, and a rerun finds the same
pieces, so done shards can be skipped. Rows that cannot be used are left out of the piece and
counted in it: an empty text ("empty"), bytes that are not UTF-8 ("undecodable"), a .jsonl line
that is not a JSON object ("unreadable").

Columns of a piece: ``id`` (the id column as text, else the row number in the input, from 0),
``text``, ``label`` (when one is chosen, as text) and the other columns: numbers as float64, the
rest as text, so every shard has the same schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from core.batch.readers import PROBLEMS, READERS
from core.errors import InputError
from core.io.tables import LABEL_NAMES, TEXT_NAMES

FORMATS = ("txt", "csv", "tsv", "jsonl", "parquet")


@dataclass(frozen=True)
class Columns:
    """Which input columns hold the text, the label and the id (None: guessed / none / row)."""

    text: str | None = None
    label: str | None = None
    id: str | None = None


ANY = Columns()  # text and label guessed by name, ids from row numbers


@dataclass
class Piece:
    index: int  # piece k covers input rows [k*rows, (k+1)*rows)
    table: pa.Table  # the usable rows
    rows_in: int  # input rows this piece covers, usable or not
    problems: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PROBLEMS, 0))
    examples: list[str] = field(default_factory=list)  # "row 12: empty text", a few per piece


def corpus_format(path: str | Path) -> str:
    """The format named by the file's suffix (.jsonl and .ndjson are JSON lines)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    suffix = "jsonl" if suffix == "ndjson" else suffix
    if suffix not in FORMATS:
        raise InputError(
            f"Cannot read {Path(path).name!r}: the corpus must be one of "
            f"{', '.join('.' + f for f in FORMATS)} (the suffix says which)."
        )
    return suffix


def check_corpus(path: str | Path) -> str:
    """The corpus's format, once the file is found to exist."""
    fmt = corpus_format(path)
    if not Path(path).is_file():
        raise InputError(f"No corpus file at {str(path)!r}.")
    return fmt


def read_pieces(
    path: str | Path, columns: Columns = ANY, *, rows: int = 10_000, only: int | None = None
) -> Iterator[Piece]:
    """The corpus in pieces of ``rows`` input rows (see the module's docstring); with ``only``,
    just that piece (the rows before it are read, not built into tables).

    Raises
    ------
    InputError
        Unknown format, a missing file, or a chosen column the corpus does not have.
    """
    fmt = check_corpus(path)
    path = Path(path)
    if rows < 1:
        raise InputError(f"Rows per shard must be at least 1; got {rows}.")
    records = READERS[fmt](path, rows)
    head = next(records, None)
    if head is None:
        return
    names = _names_of(path, fmt) or [n for n in next(iter(head[0]), {}) if n != "_row"]
    chosen = _choose(names, columns, fmt)
    kinds: dict[str, str] = {}
    for index, (good, rows_in, problems, examples) in enumerate(_chain(head, records)):
        if only is None or index == only or (index == 0 and not kinds):
            piece = _piece(index, good, rows_in, problems, examples, chosen, kinds)
            if only is None or index == only:
                yield piece
        if only is not None and index >= only:
            return


def _chain(head, rest):
    yield head
    yield from rest


def _names_of(path: Path, fmt: str) -> list[str]:
    """Column names known before reading rows (Parquet's schema; a .txt has one column)."""
    if fmt == "parquet":
        return pq.ParquetFile(path).schema_arrow.names
    return ["text"] if fmt == "txt" else []


def _choose(names: list[str], columns: Columns, fmt: str) -> Columns:
    """The chosen columns, checked, with the text and label guessed by name where not chosen."""
    for role in ("text", "label", "id"):
        name = getattr(columns, role)
        if name is not None and names and name not in names:
            raise InputError(
                f"The {role} column {name!r} is not in the corpus; its columns are: {names}."
            )
    lower = {n.lower(): n for n in names}
    text = columns.text or next((lower[n] for n in TEXT_NAMES if n in lower), None)
    text = text or (names[0] if names else "text")
    label = columns.label
    if label is None and fmt != "txt":
        label = next((lower[n] for n in LABEL_NAMES if n in lower and lower[n] != text), None)
    return Columns(text, label, columns.id)


def _piece(index, good, rows_in, problems, examples, chosen: Columns, kinds) -> Piece:
    """Rows (dicts with their input row number under "_row") as one table of fixed schema."""
    kept, numbers = [], []
    for row in good:
        value = row.get(chosen.text)
        text = "" if value is None or _missing(value) else str(value)
        if not text.strip():
            problems["empty"] += 1
            if len(examples) < 3:
                examples.append(f"row {row['_row']}: empty text")
            continue
        kept.append(row)
        numbers.append(row["_row"])
    return Piece(index, _table(kept, numbers, chosen, kinds), rows_in, problems, examples)


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _table(kept: list[dict], numbers: list[int], chosen: Columns, kinds: dict) -> pa.Table:
    frame = pd.DataFrame.from_records(kept) if kept else pd.DataFrame()
    out = {}
    if chosen.id is not None:
        out["id"] = pa.array([_as_text(r.get(chosen.id)) for r in kept], pa.string())
    else:
        out["id"] = pa.array(numbers, pa.int64())
    out["text"] = pa.array([str(r[chosen.text]) for r in kept], pa.string())
    if chosen.label is not None:
        out["label"] = pa.array([_as_text(r.get(chosen.label)) for r in kept], pa.string())
    taken = {chosen.text, chosen.label, chosen.id, "_row"}
    for name in [c for c in frame.columns if c not in taken] if kept else kinds:
        if name in taken or name in ("id", "text", "label", "vector", "x", "y", "z"):
            continue
        column = frame[name] if kept else pd.Series([], dtype=object)
        kind = kinds.setdefault(name, "number" if _numeric(column) else "text")
        out[name] = _typed(column, kind)
    return pa.table(out)


def _numeric(column: pd.Series) -> bool:
    present = column.dropna()
    return len(present) > 0 and pd.to_numeric(present, errors="coerce").notna().all()


def _typed(column: pd.Series, kind: str) -> pa.Array:
    if kind == "number":
        return pa.array(pd.to_numeric(column, errors="coerce").astype("float64"), pa.float64())
    return pa.array([_as_text(v) for v in column], pa.string())


def _as_text(value) -> str | None:
    if value is None or _missing(value):
        return None
    return value if isinstance(value, str) else str(value)


def count_rows(path: str | Path) -> int | None:
    """Input rows, for a progress bar: the footer of a Parquet file, lines of the others (a
    quoted field over several lines counts more than once, so this is an upper bound)."""
    path = Path(path)
    if corpus_format(path) == "parquet":
        return pq.ParquetFile(path).metadata.num_rows
    lines, last = 0, b"\n"
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            lines += block.count(b"\n")
            last = block[-1:]
    lines += last != b"\n"
    return lines - (corpus_format(path) in ("csv", "tsv"))


__all__ = ["Columns", "FORMATS", "Piece", "corpus_format", "count_rows", "read_pieces"]
