"""Uploaded bytes as text, delimited text (.csv, .tsv) as a table of strings, and files opened
by a path on the server.

Nothing uploaded is ever unpickled or evaluated: bytes are decoded as text, and text is parsed as
delimited cells only. Every problem raises :class:`core.errors.InputError` with a message a page
can show as it is.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from core.errors import InputError

TEXT_NAMES = ("text", "texts", "sentence", "sentences", "word", "words", "document", "content")
PATH_SUFFIXES = (".parquet", ".csv", ".tsv", ".txt")  # what a path on the server may open
MAX_SERVER_TEXT_MB = 200  # a .csv/.tsv/.txt by path: parsed in Python, ~13 s per 65 MB here
LABEL_NAMES = ("label", "labels", "group", "category", "class", "cluster", "topic")


def decode_bytes(data: bytes, filename: str = "the file") -> tuple[str, list[str]]:
    """Text of an upload and notes: UTF-8 (with or without BOM), UTF-16 with BOM, then
    Windows-1252; binary files are refused."""
    if not isinstance(data, (bytes, bytearray)):
        raise InputError(f"Expected the bytes of a file, got {type(data).__name__}.")
    if not data.strip():
        raise InputError(f"{filename} is empty. Choose a file with one item per line, or a table.")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), ["Read the file as UTF-16."]
        except UnicodeDecodeError:
            pass
    head = data[:8192]
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12))
    if b"\x00" in head or control > len(head) * 0.05:
        raise InputError(
            f"{filename} looks like a binary file, not text. Upload a .txt, .csv or .tsv file "
            "(save spreadsheets as CSV first)."
        )
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        return text, [
            f"{filename} is not UTF-8; read it as Latin-1. Save it as UTF-8 if characters look wrong."
        ]
    return text, [
        f"{filename} is not UTF-8; read it as Windows-1252. Save it as UTF-8 if characters look wrong."
    ]


def read_table(data: bytes, filename: str) -> tuple[pd.DataFrame, list[str]]:
    """A .csv or .tsv upload as a table of strings (header row first), with notes.

    Rows with too many fields are skipped and counted; short rows are padded with empty cells.
    """
    text, notes = decode_bytes(data, filename)
    sep = "\t" if filename.lower().endswith(".tsv") else _sniff(text)
    bad: list[list[str]] = []
    try:
        df = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            engine="python",
            on_bad_lines=lambda row: bad.append(row) and None,
            skip_blank_lines=True,
        )
    except pd.errors.EmptyDataError as exc:
        raise InputError(f"{filename} has no rows to read.") from exc
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise InputError(f"{filename} could not be read as a table: {exc}.") from exc
    if df.empty and text.count('"') % 2 == 1:
        raise InputError(
            f'{filename} has a quote (") that is never closed, so everything after it reads as '
            "one cell: close the quote, or remove it, and upload the file again."
        )
    if df.empty:
        raise InputError(
            f"{filename} has a header row ({', '.join(map(str, df.columns))}) but no data rows."
        )
    df.columns = _column_names(df.columns)
    if bad:
        notes.append(f"Skipped {len(bad)} row(s) with more fields than the header has.")
    return df.fillna(""), notes


def _column_names(columns) -> list[str]:
    """Trimmed, unique column names; blank ones (pandas calls them "Unnamed: 0") become
    "column N". Unique, because " text" and "text" trim to the same name."""
    names: list[str] = []
    for i, c in enumerate(columns):
        name = str(c).strip()
        if not name or re.fullmatch(r"Unnamed: \d+", name):
            name = f"column {i + 1}"
        while name in names:
            name = f"{name} ({i + 1})"
        names.append(name)
    return names


def _sniff(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    counts = {sep: first.count(sep) for sep in (",", "\t", ";")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def guess_columns(columns: list[str], table: pd.DataFrame | None = None) -> tuple[str, str | None]:
    """The likely text column and label column (or None) of a table: by name ("text",
    "sentence", "label", …); else, given the table itself, the column of the longest texts
    among those that hold words (an id such as "T-1001", a date or a score is passed over for
    a ticket's body), a label-named column last; without the table (or words), the first."""
    lower = {c.lower(): c for c in columns}
    text = next((lower[n] for n in TEXT_NAMES if n in lower), None)
    if text is None:
        wordy = [c for c in columns if table is None or not only_numbers(table[c])]
        if table is None or not wordy:
            text = (wordy or columns)[0]
        else:
            named = {lower[n] for n in LABEL_NAMES if n in lower}
            pool = [c for c in wordy if c not in named] or wordy
            text = max(pool, key=lambda c: _mean_length(table[c]))
    label = next((lower[n] for n in LABEL_NAMES if n in lower and lower[n] != text), None)
    return text, label


def _mean_length(column: pd.Series) -> float:
    lengths = column.astype(str).str.strip().str.len()
    return float(lengths.mean()) if len(lengths) else 0.0


def only_numbers(column: pd.Series) -> bool:
    values = column.astype(str).str.strip()
    values = values[values != ""]
    return len(values) > 0 and bool(pd.to_numeric(values, errors="coerce").notna().all())


def server_file(path: str) -> Path:
    """A readable .parquet, .csv, .tsv or .txt file on the machine that runs the app.

    Raises
    ------
    InputError
        Nothing entered, no such file, a folder, another kind of file, or no permission to read.
    """
    text = (path or "").strip().strip("\"'")
    if not text:
        raise InputError("Enter the path of a file on the server, e.g. /data/embeddings.parquet.")
    where = f"{text!r} (on the machine that runs the app, not on your computer)"
    file = Path(text).expanduser()
    try:
        if not file.exists():
            raise InputError(f"There is no file at {where}. Check the path and its spelling.")
        if file.is_dir():
            raise InputError(
                f"{text!r} is a folder, not a file. Give the path of one {_kinds()} file in it, "
                "or of a folder the batch command wrote (it holds part-*.parquet)."
            )
        if file.suffix.lower() not in PATH_SUFFIXES:
            raise InputError(
                f"{file.name!r} is not a {_kinds()} file; those are the kinds that open here."
            )
        with file.open("rb"):
            pass
    except OSError as exc:  # permission denied, a name too long, a broken mount…
        raise InputError(
            f"The file at {where} cannot be read ({exc.strerror or exc}). Make it readable by "
            "the user that runs the app, or copy it somewhere that is."
        ) from exc
    return file


def _kinds() -> str:
    return ", ".join(PATH_SUFFIXES[:-1]) + " or " + PATH_SUFFIXES[-1]


def server_text(file: Path) -> bytes:
    """The bytes of a .csv, .tsv or .txt file from :func:`server_file`, up to MAX_SERVER_TEXT_MB."""
    size = file.stat().st_size / 2**20
    if size > MAX_SERVER_TEXT_MB:
        raise InputError(
            f"{file.name} is {size:,.0f} MB, more than the {MAX_SERVER_TEXT_MB} MB a text table "
            "opens here (it is read cell by cell in Python). Save it as Parquet, which opens "
            "in seconds, or split it."
        )
    try:
        return file.read_bytes()
    except OSError as exc:
        raise InputError(f"{file.name} cannot be read ({exc.strerror or exc}).") from exc
