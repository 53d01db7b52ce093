"""Reading what people type and upload (what they download is written by :mod:`core.io.exports`).

Every problem with the input raises :class:`core.errors.InputError` (or its subclass
:class:`TooManyItemsError`) with a message a page can show as it is. Nothing uploaded is ever
unpickled or evaluated: bytes are decoded as text and parsed as delimited text only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.errors import InputError
from core.io.columns import text_cells
from core.io.tables import decode_bytes, guess_columns, only_numbers, read_table

MAX_ITEMS = 10_000  # texts per set: encoding more takes minutes on 2 CPU cores
MAX_VECTORS = 100_000  # rows of a Projector vectors file (no encoding needed)
MAX_TEXT_CHARS = 5_000  # characters kept per text; the sentence model reads 256 tokens anyway
MAX_UPLOAD_MB = 50  # must match server.maxUploadSize in .streamlit/config.toml


class TooManyItemsError(InputError):
    """More items than allowed at once; ``count`` and ``limit`` let a page offer a sample."""

    def __init__(
        self,
        count: int,
        limit: int,
        what: str = "items",
        why: str = "encoding takes about a minute per 10,000 short texts here",
    ) -> None:
        self.count, self.limit = count, limit
        super().__init__(
            f"{count:,} {what} is more than the {limit:,} the app handles at once ({why}). "
            f"Use a random sample of {limit:,}, or split the file."
        )


@dataclass
class ParsedInput:
    """Texts ready to encode (or vectors ready to map), with labels and notes for the user."""

    texts: list[str]
    labels: list[str] | None = None
    notes: list[str] = field(default_factory=list)
    vectors: np.ndarray | None = None
    # Other columns of an uploaded table, one value per kept row (for "colour by" on the map).
    columns: dict[str, list] = field(default_factory=dict)
    # Map coordinates that came with the data (the batch command's x, y[, z]), and how made.
    coords: np.ndarray | None = None

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({"text": self.texts, "label": self.labels or [""] * len(self.texts)})


INPUT_ROW = "input row"


def parse_text(text: str, *, max_items: int = MAX_ITEMS, sample: bool = False) -> ParsedInput:
    """One item per line: blank lines skipped, whitespace trimmed; a repeated line stays a row
    (it shares its text's vector and place on the map)."""
    if not isinstance(text, str):
        raise InputError(f"Expected text, got {type(text).__name__}.")
    lines = text.splitlines()
    items = [ln.strip() for ln in lines]
    notes = []
    blank = sum(1 for it in items if not it)
    if blank and any(items):
        notes.append(f"Skipped {blank} blank line(s).")
    return _finish(items, None, notes, max_items, sample)  # blank lines dropped there


def _finish(
    texts: list[str],
    labels: list[str] | None,
    notes: list[str],
    max_items: int,
    sample: bool,
    columns: dict[str, list] | None = None,
    source_rows: list[int] | None = None,
) -> ParsedInput:
    """Texts trimmed, blank ones dropped, long ones cut, then (when asked) a random sample; a
    repeated text stays a row (noted: it shares its vector and place). Labels and other columns
    follow the rows that stay. When any row was dropped, column "input row" gives each item's
    row in the input (``source_rows[i]`` for text i, else i + 1)."""
    # NUL characters are dropped first, so a line of only NULs counts as empty.
    texts = texts_in = [t.replace("\x00", "").strip() for t in texts]
    rows = [i for i, t in enumerate(texts) if t]
    if not rows:
        raise InputError(
            "There is nothing to use: the input is empty. Enter one word or sentence per line."
        )
    texts = _cut_long([texts[i] for i in rows], notes)
    keep = _sample(len(texts), max_items, sample, notes)
    _note_repeats([texts[j] for j in keep], notes)
    rows = [rows[j] for j in keep]

    def pick(values: list) -> list:
        return [values[i] for i in rows]

    kept_columns = {name: pick(values) for name, values in (columns or {}).items()}
    source = source_rows or list(range(1, len(texts_in) + 1))
    dropped = len(keep) < len(texts) or (columns is not None and source[-1] > len(rows))
    if dropped and INPUT_ROW not in kept_columns:
        kept_columns[INPUT_ROW] = [source[r] for r in rows]
        notes.append(f"Column “{INPUT_ROW}” gives each item's row in your input (from 1).")
    return ParsedInput(
        [texts[j] for j in keep], pick(labels) if labels else labels, notes, None, kept_columns
    )


def _cut_long(texts: list[str], notes: list[str]) -> list[str]:
    long = [i for i, t in enumerate(texts) if len(t) > MAX_TEXT_CHARS]
    if long:
        notes.append(
            f"Cut {len(long)} very long text(s) to their first {MAX_TEXT_CHARS:,} characters "
            f"(first: item {long[0] + 1})."
        )
        return [t[:MAX_TEXT_CHARS] for t in texts]
    return texts


def _note_repeats(texts: list[str], notes: list[str]) -> None:
    """Say which rows repeat an earlier text (they stay rows, sharing one vector and place)."""
    seen: set[str] = set()
    dups: list[str] = []
    for t in texts:
        if t in seen:
            dups.append(t)
        seen.add(t)
    if dups:
        shown = ", ".join(repr(d[:40]) for d in list(dict.fromkeys(dups))[:5])
        more = " …" if len(set(dups)) > 5 else ""
        notes.append(
            f"{len(dups):,} row(s) repeat an earlier text ({shown}{more}): every row is kept, "
            "and rows with the same text share one vector and one place on the map."
        )


def _sample(n: int, max_items: int, sample: bool, notes: list[str]) -> list[int]:
    """All n positions, or (asked for, when n is over the limit) a seeded sample in order."""
    if n <= max_items:
        return list(range(n))
    if not sample:
        raise TooManyItemsError(n, max_items)
    notes.append(f"Using a random sample of {max_items:,} of the {n:,} items.")
    return np.sort(np.random.default_rng(0).choice(n, max_items, replace=False)).tolist()


def parse_upload(
    data: bytes,
    filename: str,
    *,
    text_column: str | None = None,
    label_column: str | None = None,  # None guesses a label column; "" means no labels
    max_items: int = MAX_ITEMS,
    sample: bool = False,
) -> ParsedInput:
    """Texts (and labels) from an uploaded .txt (one item per line), .csv or .tsv file. A
    table's other columns (every one but the text column) come along in ``columns``: numbers
    where a column holds only numbers, else text, with blank cells as None.

    Raises
    ------
    InputError
        Empty, binary or unreadable file, a missing column, an unsupported extension.
    TooManyItemsError
        More items than ``max_items`` (unless ``sample``).
    """
    name = (filename or "").lower()
    if name.endswith(".txt"):
        text, notes = decode_bytes(data, filename)
        parsed = parse_text(text, max_items=max_items, sample=sample)
        parsed.notes[:0] = notes
        return parsed
    if not name.endswith((".csv", ".tsv")):
        raise InputError(
            f"{filename!r} is not a .txt, .csv or .tsv file; those are the kinds accepted."
        )
    df, notes = read_table(data, filename)
    # the table's values are only read (for a column of numbers) when the text column is guessed
    guess_text, guess_label = guess_columns(list(df.columns), df if text_column is None else None)
    text_column = text_column or guess_text
    if label_column is None:  # None: guess; "": no labels
        label_column = guess_label
    label_column = label_column or None
    for col in (text_column, label_column):
        if col is not None and col not in df.columns:
            raise InputError(
                f"{filename} has no column {col!r}. Its columns are: {list(df.columns)}."
            )
    texts = df[text_column].astype(str).str.strip()
    keep = texts != ""
    if (~keep).any():
        notes.append(f"Skipped {int((~keep).sum())} row(s) with an empty {text_column!r}.")
    if only_numbers(texts[keep]):
        notes.append(
            f"Every item of column {text_column!r} is a number, and a map of numbers says "
            "little: if the file has a column of words or sentences, pick it as the text column."
        )
    labels = df[label_column].astype(str).str.strip()[keep].tolist() if label_column else None
    others = {str(c): df[c][keep].tolist() for c in df.columns if c != text_column}
    rows = (np.flatnonzero(keep.to_numpy()) + 1).tolist()  # data rows from 1, for joining back
    parsed = _finish(texts[keep].tolist(), labels, notes, max_items, sample, others, rows)
    # typed after the rows are chosen: a sample of 10,000 rows, not a million, is looked at
    parsed.columns = {name: text_cells(cells) for name, cells in parsed.columns.items()}
    return parsed


def parse_projector(
    vectors: bytes, metadata: bytes | None = None, *, max_rows: int = MAX_VECTORS
) -> ParsedInput:
    """The TensorFlow Embedding Projector pair: a vectors TSV (numbers only, no header) and an
    optional metadata TSV (one column without header, or several columns with a header row).
    The first metadata column gives the texts, the second (if any) the labels."""
    text, notes = decode_bytes(vectors, "The vectors file")
    rows = [ln for ln in text.splitlines() if ln.strip()]
    if not rows:  # e.g. only a byte-order mark, or only non-breaking spaces
        raise InputError("The vectors file has no rows of numbers. Choose the vectors .tsv file.")
    if len(rows) > max_rows:
        raise TooManyItemsError(len(rows), max_rows, "vectors")
    widths = [len(r.split("\t")) for r in rows]
    if len(set(widths)) > 1:
        first_bad = next(i for i, w in enumerate(widths) if w != widths[0])
        raise InputError(
            f"The vectors file has rows of different lengths: row 1 has {widths[0]} numbers, "
            f"row {first_bad + 1} has {widths[first_bad]}. Every row needs the same number of values."
        )
    try:
        arr = np.array([[float(x) for x in r.split("\t")] for r in rows], dtype=np.float64)
    except ValueError as exc:
        raise InputError(
            f"The vectors file must hold only numbers separated by tabs ({exc}). Is it the "
            "metadata file? Put the vectors file first."
        ) from exc
    if not np.isfinite(arr).all():
        bad = np.where(~np.isfinite(arr).all(axis=1))[0]
        raise InputError(
            f"The vectors file has NaN or infinite values in {len(bad)} row(s) (first: row "
            f"{bad[0] + 1}). Remove or fix those rows."
        )
    if np.abs(arr).max(initial=0) > 3e38:
        raise InputError("The vectors file has values too large for 32-bit floats (above 3e38).")
    n = len(arr)
    texts, labels = [f"row {i + 1}" for i in range(n)], None
    if metadata is not None:
        texts, labels, meta_notes = _projector_metadata(metadata, n)
        notes += meta_notes
    parsed = ParsedInput(texts, labels, notes, arr.astype(np.float32))
    return parsed


def _projector_metadata(data: bytes, n: int) -> tuple[list[str], list[str] | None, list[str]]:
    text, notes = decode_bytes(data, "The metadata file")
    lines = [ln for ln in text.splitlines() if ln != ""]
    cols = max((ln.count("\t") for ln in lines), default=0) + 1
    body = (
        lines[1:] if cols > 1 else lines
    )  # the Projector's own rule: a header only with 2+ columns
    if len(body) != n:
        expect = f"{n} rows" + (" plus a header row" if cols > 1 else "")
        raise InputError(
            f"The metadata file has {len(body)} data row(s) but the vectors file has {n}: it needs "
            f"{expect}, one per vector, in the same order."
        )
    cells = [
        [_unquote(c) for c in ln.split("\t")] + [""] * (cols - 1 - ln.count("\t")) for ln in body
    ]
    texts = [c[0].strip() or f"row {i + 1}" for i, c in enumerate(cells)]
    labels = [c[1].strip() for c in cells] if cols > 1 else None
    return texts, labels, notes


def _unquote(cell: str) -> str:
    """A metadata cell as written quoted (it began with a quote): the text inside."""
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        return cell[1:-1].replace('""', '"')
    return cell
