"""The other columns of a table as plain Python values, one per row, for "colour by <column>".

A column stays numeric (``int`` or ``float``) when every value in it is a number, so the map can
offer a colour ramp; anything else becomes text (``str``) for a categorical palette. Missing
values (blank cells, nulls, NaN, ±inf) become ``None``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import pyarrow as pa

_WHOLE = re.compile(r"[+-]?\d+")
_CODE = re.compile(r"[+-]?0\d+")  # "007", a zip code: an identifier, kept as text


def text_cells(cells: list) -> list:
    """One column of a text table (cells as read, strings): ints when every filled cell is a
    whole number, floats when every one is a number, else the trimmed text; blank → None."""
    text = [str(v).strip() for v in cells]
    filled = [t for t in text if t]
    if any(_CODE.fullmatch(t) for t in filled):
        return [t or None for t in text]
    if filled and all(_WHOLE.fullmatch(t) for t in filled):
        return [int(t) if t else None for t in text]  # int(), not numpy: no 64-bit overflow
    numbers = pd.to_numeric(pd.Series([t or None for t in text], dtype=object), errors="coerce")
    if filled and int(numbers.notna().sum()) == len(filled):
        return finite_or_none(numbers.to_numpy(dtype=np.float64))
    return [t or None for t in text]


def finite_or_none(values: np.ndarray) -> list:
    """Python floats of a float array, with NaN and ±inf as None."""
    out = values.astype(object)
    out[~np.isfinite(values)] = None
    return out.tolist()


def arrow_columns(table, skip: Collection[str] = ()) -> tuple[dict[str, list], list[str]]:
    """Every column of a :class:`pyarrow.Table` but ``skip``, and the names of the columns left
    out because their values are not single values (lists, structs, maps, bytes)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kept: dict[str, list] = {}
    left_out: list[str] = []
    for name in table.column_names:
        if name in skip:
            continue
        column = table.column(name)
        kind = column.type
        if pa.types.is_dictionary(kind):
            column, kind = pc.cast(column, kind.value_type), kind.value_type
        if not is_single_value(kind):
            left_out.append(name)
        elif pa.types.is_integer(kind):
            kept[name] = column.to_pylist() if column.null_count else column.to_numpy().tolist()
        elif pa.types.is_floating(kind) or pa.types.is_decimal(kind):
            floats = pc.cast(column, pa.float64()).to_numpy()  # nulls arrive as NaN
            kept[name] = finite_or_none(floats)
        elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
            kept[name] = column.to_pylist()
        else:  # booleans, dates, times
            kept[name] = [None if v is None else str(v) for v in column.to_pylist()]
    return kept, left_out


def is_single_value(kind) -> bool:
    """Whether an Arrow type holds one number, text, boolean or time per row."""
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return (
        pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_decimal(kind)
        or pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_boolean(kind)
        or pa.types.is_temporal(kind)
    )


def is_list_type(kind: pa.DataType) -> bool:
    import pyarrow as pa

    return (
        pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind)
    )


def is_number_type(kind: pa.DataType) -> bool:
    import pyarrow as pa

    return pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)


def is_string_type(kind: pa.DataType) -> bool:
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


YEARS = (1800, 2300)  # a column's dates lie between these years
DATES_AT_LEAST = 0.9  # share of a column's present values that must read as dates


def as_dates(values: Sequence, name: str = "") -> np.ndarray | None:
    """A column of dates or times (ISO "2026-01-04", "2026-01-04 09:30", "04/01/2026",
    "Jan 4, 2026", "4 January 2026"…) as days since 1970-01-01 (float, nan where missing), or
    None when it is not one: plain numbers stay numbers, and a column where fewer than 90% of
    the present values read as dates stays text. Numbers are read as Unix times (seconds, or
    milliseconds) only when the column's ``name`` says time ("created_at", "timestamp",
    "date"…) and every value lies between 1973 and 2100 in that unit."""
    epoch = _epoch_days(values, name)
    if epoch is not None:
        return epoch
    present = [v for v in values if isinstance(v, str) and v.strip()]
    if not present or len(present) < 0.5 * len(values) or all(_is_number(v) for v in present):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas warns when it guesses a format per value
        parsed = pd.to_datetime(pd.Series(list(values), dtype=object), errors="coerce",
                                format="mixed", utc=True)  # fmt: skip
    # An id such as "T-1001" parses as the year 1001: dates lie in YEARS.
    parsed = parsed.where(parsed.dt.year.between(*YEARS))
    if parsed.notna().sum() < DATES_AT_LEAST * len(present):
        return None
    return (parsed - pd.Timestamp(0, tz="UTC")).dt.total_seconds().to_numpy(float) / 86_400.0


TIME_NAME = re.compile(r"(^|_|\b)(date|time|timestamp|ts|created|updated|when)|_at$", re.I)
EPOCH_SECONDS = (1e8, 4.1e9)  # 1973 – 2100


def _epoch_days(values: Sequence, name: str) -> np.ndarray | None:
    """A column of Unix times (seconds or milliseconds) named as time, in days; else None."""
    if not name or not TIME_NAME.search(name):
        return None
    present = [v for v in values if v is not None and not (isinstance(v, float) and np.isnan(v))]
    if not present or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in present
    ):
        return None
    x = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
    for scale in (1.0, 1000.0):
        lo, hi = EPOCH_SECONDS[0] * scale, EPOCH_SECONDS[1] * scale
        if np.nanmin(x) >= lo and np.nanmax(x) <= hi:
            return x / scale / 86_400.0
    return None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
