"""Downloads that join back to the input: every input row is kept, in order, with its row
number and the input's own columns (an id, a score…); rows whose text repeats an earlier one
say which row stands for them on the map (the map draws each text once).

Tables are plain pandas frames (:func:`to_csv` makes their text spreadsheet-safe); the
Projector pair reads back whole with ``pandas.read_csv(path, sep="\\t")`` and its defaults.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd


def first_rows(texts: Sequence[str]) -> np.ndarray:
    """For each row, the row of the first occurrence of its text (itself if it is the first)."""
    seen: dict[str, int] = {}
    return np.array([seen.setdefault(t, i) for i, t in enumerate(texts)], dtype=np.int64)


def _base(texts, labels, columns: Mapping[str, Sequence]) -> pd.DataFrame:
    table = pd.DataFrame({"row": np.arange(len(texts)), "text": list(texts), "label": list(labels)})
    for name, values in columns.items():
        table[name if name not in table.columns else f"{name} (column)"] = list(values)
    return table


def embeddings_table(texts, labels, columns: Mapping[str, Sequence], vectors) -> pd.DataFrame:
    """Every input row with its vector as columns d0, d1, …"""
    table = _base(texts, labels, columns)
    v = np.asarray(vectors)
    dims = pd.DataFrame(v, columns=[f"d{i}" for i in range(v.shape[1])])
    return pd.concat([table, dims], axis=1)


def coordinates_table(
    texts, labels, columns: Mapping[str, Sequence], coords: np.ndarray
) -> pd.DataFrame:
    """Every input row with its map position; ``coords`` has one row per distinct text, in the
    order of first occurrence (as the map draws them). ``drawn_as_row`` names the input row
    whose point it is (the row itself, or the first row with the same text)."""
    first = first_rows(texts)
    unique_rows = np.flatnonzero(first == np.arange(len(texts)))
    if len(unique_rows) != len(coords):
        raise ValueError(f"{len(coords)} map points for {len(unique_rows)} distinct texts")
    point_of_row = np.empty(len(texts), dtype=np.int64)
    point_of_row[unique_rows] = np.arange(len(unique_rows))
    table = _base(texts, labels, columns)
    c = np.asarray(coords)[point_of_row[first]]
    for i, axis in enumerate("xyz"[: c.shape[1]]):
        table[axis] = c[:, i]
    table["drawn_as_row"] = first
    return table


def _tsv_cell(value) -> str:
    """One metadata cell: on one line (the Projector splits on tabs and newlines), and quoted
    only where pandas would otherwise take a leading quote as the start of a quoted field."""
    text = str(safe_cell(value)).replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return '"' + text.replace('"', '""') + '"' if text.startswith('"') else text


def projector_tsvs(
    vectors, texts, labels, columns: Mapping[str, Sequence] | None = None
) -> tuple[bytes, bytes]:
    """(vectors.tsv, metadata.tsv) for projector.tensorflow.org: the vectors without a header,
    the metadata with a header row (text, label, the input's own columns, row)."""
    v = np.asarray(vectors)
    vec = "".join("\t".join(f"{x:.7g}" for x in row) + "\n" for row in v)
    table = _base(texts, labels, columns or {})
    table = table[[*table.columns[1:], "row"]]  # the Projector labels points by the first column
    lines = ["\t".join(_tsv_cell(c) for c in table.columns)]
    lines += ["\t".join(_tsv_cell(c) for c in row) for row in table.itertuples(index=False)]
    return vec.encode("utf-8"), ("\n".join(lines) + "\n").encode("utf-8")


def safe_cell(value):
    """A spreadsheet-safe cell: text starting with = + - @ (or a tab/CR) gets a leading quote,
    so spreadsheet programs show it instead of running it as a formula. Numbers pass unchanged."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8) of a table, with text cells made spreadsheet-safe."""
    safe = df.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(safe_cell)
    safe.columns = [safe_cell(str(c)) for c in safe.columns]
    return safe.to_csv(index=False).encode("utf-8")


def to_projector(
    vectors: np.ndarray, texts: list[str], labels: list[str] | None = None
) -> tuple[bytes, bytes]:
    """(vectors TSV, metadata TSV) for projector.tensorflow.org or our own import."""
    vec = "\n".join("\t".join(f"{x:.6g}" for x in row) for row in np.asarray(vectors)) + "\n"

    def clean(s: str) -> str:
        return str(safe_cell(str(s))).replace("\t", " ").replace("\n", " ").replace("\r", " ")

    if labels is None:
        meta = "\n".join(clean(t) for t in texts) + "\n"
    else:
        meta = (
            "text\tlabel\n"
            + "\n".join(f"{clean(t)}\t{clean(lab)}" for t, lab in zip(texts, labels, strict=True))
            + "\n"
        )
    return vec.encode("utf-8"), meta.encode("utf-8")
