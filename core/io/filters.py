"""Filters over a table's columns: which rows a user keeps. A filter is plain data (it travels in a
link as JSON): ``{column: {"in": [values]}}`` keeps the rows whose value, as text, is one of
those (a missing value reads ``"(none)"``, as the legend names it), and ``{column: {"range":
[low, high]}}`` keeps the rows whose number (or date, written ``"2026-03-01"``) lies between the
two, both ends included. Several columns: a row must pass every one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from core.io.columns import as_dates

MISSING = "(none)"
KINDS = ("date", "number", "category")
CATEGORIES_AT_MOST = 60  # distinct values offered as chips; more is free text (not filtered)


def as_text(value) -> str:
    """A cell as the legend and the chips name it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    return str(value)


def kind_of(values: Sequence, name: str = "") -> str | None:
    """How a column is filtered: "date", "number", "category" (few distinct values), or None
    (``name``: the column's, which lets Unix times named as time read as dates)."""
    if as_dates(values, name) is not None:
        return "date"
    present = [v for v in values if as_text(v) != MISSING]
    if present and all(_number(v) for v in present):
        return "number" if len(set(present)) > CATEGORIES_AT_MOST // 5 else "category"
    return "category" if len({as_text(v) for v in values}) <= CATEGORIES_AT_MOST else None


def is_number(v) -> bool:
    """A cell holding a number (not a bool)."""
    return _number(v)


def _number(v) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def as_numbers(values: Sequence, name: str = "") -> np.ndarray:
    """A date or number column as floats (days since 1970 for dates), nan where missing."""
    days = as_dates(values, name)
    if days is not None:
        return days
    return np.array([float(v) if _number(v) else np.nan for v in values], dtype=np.float64)


def day_of(text: str) -> float:
    """A date written "2026-03-01" (or with a time) as days since 1970."""
    return float(np.datetime64(str(text)[:19], "s").astype(np.int64)) / 86_400.0


def kept(
    columns: Mapping[str, Sequence],
    spec: Mapping[str, Mapping],
    n: int,
    numbers: Callable[[str], np.ndarray] | None = None,
) -> np.ndarray:
    """Which of the ``n`` rows pass every filter of ``spec`` (bool array). A filter on a column
    the table lacks, or one that cannot be read, keeps every row (a link made on other data
    stays usable). ``numbers(name)``: the column as :func:`as_numbers` reads it (a page passes
    a cached one, so a brush does not parse 100,000 dates again)."""
    numbers = numbers or (lambda name: as_numbers(columns[name], name))
    mask = np.ones(n, dtype=bool)
    for name, rule in spec.items():
        values = columns.get(name)
        if values is not None and len(values) == n and isinstance(rule, Mapping):
            try:
                mask &= _passes(values, rule, lambda name=name: numbers(name))
            except (TypeError, ValueError):
                continue
    return mask


def _passes(values: Sequence, rule: Mapping, numbers: Callable[[], np.ndarray]) -> np.ndarray:
    if "in" in rule:
        wanted = {str(v) for v in rule["in"]}
        return np.fromiter((as_text(v) in wanted for v in values), dtype=bool, count=len(values))
    if "range" in rule:
        low, high = rule["range"]
        dates = isinstance(low, str)  # dates travel as text ("2026-03-01"), numbers as numbers
        lo, hi = (day_of(low), day_of(high)) if dates else (float(low), float(high))
        if dates and len(str(high)) <= 10:
            hi += 1.0 - 1e-9  # a day given as the end holds the whole of that day
        with np.errstate(invalid="ignore"):
            x = numbers()
            return (x >= lo) & (x <= hi)
    return np.ones(len(values), dtype=bool)


def describe(spec: Mapping[str, Mapping]) -> str:
    """The filter in words, for the page ("priority is high or urgent; created_at 2026-03-01 –
    2026-03-31")."""
    parts = []
    for name, rule in spec.items():
        if "in" in rule:
            parts.append(f"{name} is {' or '.join(str(v) for v in rule['in']) or 'nothing'}")
        elif "range" in rule:
            low, high = rule["range"]
            parts.append(f"{name} {low} – {high}")
    return "; ".join(parts)
