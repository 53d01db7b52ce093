"""Parquet tables that bring their own vectors.

A Parquet file gives one embedding per row in a column of lists of numbers (fixed or variable
size, every row the same length), a text column, an optional label column, and any other columns,
which are kept for "colour by" on the map. The vectors are read column-wise with pyarrow into one
float32 matrix: no Python loop per row, and nothing is encoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from core.errors import InputError
from core.io.columns import (
    arrow_columns,
    is_list_type,
    is_number_type,
    is_single_value,
    is_string_type,
)
from core.io.shards import ShardSet, is_shard_folder, stored_coords
from core.io.tables import LABEL_NAMES, TEXT_NAMES, server_file
from core.io.uploads import MAX_TEXT_CHARS, ParsedInput, TooManyItemsError

MAX_PARQUET_ROWS = 1_000_000  # the map draws and searches a million points; beyond, sample
_BATCH_ROWS = 65_536  # rows read at a time: about 100 MB of 384-dimensional float32 vectors
_SAVE_HINT = "For example, with pandas: df['vector'] = list(embeddings); df.to_parquet(path)."


@dataclass(frozen=True)
class ParquetLayout:
    """What a Parquet file holds, read from its footer alone, and the columns to use."""

    name: str
    rows: int
    columns: list[str]
    vector_columns: list[str]  # columns of lists (of numbers or not)
    text: str | None  # the guesses
    label: str | None
    vector: str | None


def parquet_layout(source: bytes | str | Path, name: str | None = None) -> ParquetLayout:
    """The columns of a Parquet file (bytes, or a path on the server) and the likely text,
    label and vector columns: the first column of lists of numbers holds the vectors; text and
    label are found by name ("text", "sentence", "label", …) as for a CSV, else the text is the
    first column of strings. Only the file's footer is read."""
    file, name = _open(source, name)
    schema = file.schema_arrow
    lists = [f.name for f in schema if is_list_type(f.type)]
    numeric = [f.name for f in schema if is_list_type(f.type) and is_number_type(f.type.value_type)]
    single = [f.name for f in schema if is_single_value(f.type)]
    strings = [f.name for f in schema if f.name in single and is_string_type(f.type)]
    lower = {c.lower(): c for c in single}
    text = next((lower[n] for n in TEXT_NAMES if n in lower), None)
    text = text or next(iter(strings or single), None)
    label = next((lower[n] for n in LABEL_NAMES if n in lower and lower[n] != text), None)
    vector = next(iter(numeric or lists), None)
    return ParquetLayout(name, file.metadata.num_rows, schema.names, lists, text, label, vector)


def _open(source: bytes | str | Path, name: str | None) -> tuple[pq.ParquetFile, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        reader, mapped, name = pa.BufferReader(source), False, name or "The file"
    elif is_shard_folder(source):  # what the batch command wrote: its shards read as one file
        return ShardSet(source), name or Path(source).name
    else:
        path = server_file(str(source))
        reader, mapped, name = str(path), True, name or path.name
    try:
        return pq.ParquetFile(reader, memory_map=mapped), name
    except (pa.ArrowException, OSError) as exc:
        raise InputError(
            f"{name} is not a Parquet file (pyarrow says: {exc}). Choose a .parquet file, or "
            "upload a table as .csv; a Parquet file is written with e.g. pandas' df.to_parquet."
        ) from exc


def parse_parquet(
    source: bytes | str | Path,
    *,
    text_column: str | None = None,
    label_column: str | None = None,  # None guesses a label column; "" means no labels
    vector_column: str | None = None,
    max_rows: int = MAX_PARQUET_ROWS,
    sample: bool = False,
    name: str | None = None,
) -> ParsedInput:
    """Texts, labels, vectors (float32, rows × dimensions) and other columns of a Parquet file.

    Every row is kept, repeated texts too (their vectors may differ; the pages show a repeated
    text once, as for a Projector upload); a blank text becomes "row N". ``None`` for a column
    guesses it (see :func:`parquet_layout`).

    Raises
    ------
    InputError
        Not a Parquet file, a bad path, a missing column, vectors missing, ragged, not numbers,
        or NaN / infinite.
    TooManyItemsError
        More rows than ``max_rows`` (unless ``sample``).
    """
    layout = parquet_layout(source, name)
    text, label, vector = _chosen(layout, text_column, label_column, vector_column)
    notes = _left_out_note(layout, {text, vector})
    rows = _rows_to_keep(layout, max_rows, sample, notes)
    table, vectors = _read(source, layout, vector, rows)
    texts = _texts(table.column(text), notes)
    labels = None
    if label:
        as_text = pc.utf8_trim_whitespace(pc.cast(table.column(label), pa.large_string()))
        labels = pc.fill_null(as_text, "").to_pylist()
    coords, skip = stored_coords(table, _open(source, name)[0], notes)
    columns, _ = arrow_columns(table, skip={text, *skip})
    return ParsedInput(texts, labels, notes, vectors, columns, coords)


def _chosen(
    layout: ParquetLayout, text: str | None, label: str | None, vector: str | None
) -> tuple[str, str | None, str]:
    vector = vector or layout.vector
    if vector is None:
        raise InputError(
            f"{layout.name} has no column of vectors: expected a column whose values are lists "
            f"of numbers (one embedding per row), got only {layout.columns}. {_SAVE_HINT}"
        )
    text = text or layout.text
    if text is None:
        raise InputError(
            f"{layout.name} has no column of texts to name the points: its columns are "
            f"{layout.columns}. Add a column of words or sentences (e.g. 'text')."
        )
    label = layout.label if label is None else (label or None)
    for col in (vector, text, label):
        if col is not None and col not in layout.columns:
            raise InputError(
                f"{layout.name} has no column {col!r}. Its columns are: {layout.columns}."
            )
    if vector not in layout.vector_columns:
        raise InputError(
            f"Column {vector!r} of {layout.name} does not hold lists of numbers, so it cannot be "
            f"the vectors; the columns of lists are: {layout.vector_columns or 'none'}."
        )
    for role, col in (("text", text), ("label", label)):
        if col in layout.vector_columns:
            raise InputError(
                f"Column {col!r} holds lists, so it cannot be the {role} column: pick a column "
                "of words, sentences or numbers."
            )
    return text, label, vector


def _left_out_note(layout: ParquetLayout, chosen: set[str]) -> list[str]:
    other = [c for c in layout.vector_columns if c not in chosen]
    if not other:
        return []
    return [f"Left out column(s) {other}: they hold lists, which cannot colour the map."]


def _rows_to_keep(
    layout: ParquetLayout, max_rows: int, sample: bool, notes: list[str]
) -> np.ndarray | None:
    """None for every row, else the sorted rows of a seeded random sample (when asked for)."""
    if layout.rows == 0:
        raise InputError(f"{layout.name} has no rows. Choose a file with one row per item.")
    if layout.rows <= max_rows:
        return None
    if not sample:
        why = "the map is sized for up to a million points"
        raise TooManyItemsError(layout.rows, max_rows, "rows", why)
    notes.append(f"Using a random sample of {max_rows:,} of the {layout.rows:,} rows.")
    return np.sort(np.random.default_rng(0).choice(layout.rows, max_rows, replace=False))


def _read(
    source, layout: ParquetLayout, vector: str, rows: np.ndarray | None
) -> tuple[pa.Table, np.ndarray]:
    """The other columns (list columns left out) and the vectors of the rows kept, read in
    batches: the vectors go straight into one matrix, so the whole column of lists never sits
    in memory beside it."""
    wanted = [c for c in layout.columns if c == vector or c not in layout.vector_columns]
    file, _ = _open(source, layout.name)
    kept: list[pa.RecordBatch] = []
    out, done, start = None, 0, 0
    try:
        for batch in file.iter_batches(batch_size=_BATCH_ROWS, columns=wanted):
            dims = None if out is None else out.shape[1]
            block = parquet_vectors(batch.column(vector), vector, layout.name, start, dims)
            others = batch.drop_columns([vector])
            if rows is not None:
                pick = rows[
                    np.searchsorted(rows, start) : np.searchsorted(rows, start + len(batch))
                ]
                block, others = block[pick - start], others.take(pick - start)
            if out is None:
                out = np.empty((layout.rows if rows is None else len(rows), block.shape[1]), "f4")
            out[done : done + len(block)] = block
            kept.append(others)
            done, start = done + len(block), start + len(batch)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(
            f"{layout.name} could not be read as Parquet (pyarrow says: {exc}). Is it complete?"
        ) from exc
    return pa.Table.from_batches(kept), out


def parquet_vectors(
    array: pa.Array, name: str, where: str = "The file", first_row: int = 0, dims: int | None = None
) -> np.ndarray:
    """A column of equal-length lists of numbers as a float32 (rows × dimensions) matrix.

    ``first_row`` numbers the rows in messages (a batch of a larger file); ``dims`` is the
    length that row 1 of the file set, when this is a later batch.

    Raises
    ------
    InputError
        A row without a vector, rows of different lengths, values that are not numbers, or NaN /
        infinite values (also numbers beyond float32's ±3.4e38).
    """
    kind = array.type
    if not is_number_type(kind.value_type):
        raise InputError(
            f"Column {name!r} of {where} holds lists of {kind.value_type}, not numbers: the "
            f"vectors must be lists of floats. {_SAVE_HINT}"
        )
    if array.null_count:
        row = first_row + pc.index(pc.is_null(array), True).as_py() + 1
        raise InputError(
            f"Row {row} of {where} has no vector: every row needs one in column {name!r}. "
            "Remove such rows or fill them in."
        )
    dims = _dimensions(array, name, where, first_row, dims)
    flat = pc.list_flatten(array)
    if flat.null_count:
        row = first_row + pc.index(pc.is_null(flat), True).as_py() // dims + 1
        raise InputError(
            f"The vector of row {row} of {where} has missing values: every value must be a "
            "number. Fix or remove such rows."
        )
    values = pc.cast(flat, pa.float64()) if pa.types.is_decimal(flat.type) else flat
    with np.errstate(over="ignore"):  # numbers beyond float32 become inf, caught just below
        vectors = values.to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
    vectors = vectors.reshape(len(array), dims)
    finite = np.isfinite(vectors.sum(axis=1, dtype=np.float64))  # NaN, ±inf, float32 overflow
    if not finite.all():
        row = first_row + int(np.argmin(finite)) + 1
        raise InputError(
            f"The vector of row {row} of {where} has NaN or infinite values (or values beyond "
            "±3.4e38, too large for 32-bit floats). Remove or fix such rows."
        )
    return vectors


def _dimensions(
    array: pa.Array, name: str, where: str, first_row: int, expected: int | None
) -> int:
    """The length of every list in the column (row 1 sets it), or an error naming a row that
    differs."""
    if pa.types.is_fixed_size_list(array.type):
        lengths = np.full(1, array.type.list_size)
    else:
        lengths = pc.list_value_length(array).to_numpy(zero_copy_only=False)
    dims = int(lengths[0]) if expected is None else expected
    ragged = np.flatnonzero(lengths != dims)
    if ragged.size:
        i = int(ragged[0])
        raise InputError(
            f"The vectors in column {name!r} of {where} have different lengths: row 1 has "
            f"{dims} numbers, row {first_row + i + 1} has {int(lengths[i])}. Every vector needs "
            "the same number of values."
        )
    if dims == 0:
        raise InputError(f"The vectors in column {name!r} of {where} are empty lists.")
    return dims


def _texts(column: pa.ChunkedArray, notes: list[str]) -> list[str]:
    """Trimmed texts cut to MAX_TEXT_CHARS; a missing or blank one is called "row N"."""
    text = pc.utf8_trim_whitespace(pc.cast(column, pa.large_string()))
    long = pc.sum(pc.greater(pc.utf8_length(text), MAX_TEXT_CHARS)).as_py() or 0
    if long:
        text = pc.utf8_slice_codeunits(text, 0, MAX_TEXT_CHARS)
        notes.append(
            f"Cut {long:,} very long text(s) to their first {MAX_TEXT_CHARS:,} characters."
        )
    texts = text.to_pylist()
    blank = [i for i, t in enumerate(texts) if not t]
    for i in blank:
        texts[i] = f"row {i + 1}"
    if blank:
        notes.append(f"{len(blank):,} row(s) have no text; they are called “row N” on the map.")
    return texts
