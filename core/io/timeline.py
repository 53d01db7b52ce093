"""Counts over time: rows per day, week or month (chosen from the span), split by a group, with
each group's trend (the least-squares slope of its counts per period), fastest growing first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.errors import InputError

PERIODS = {"day": "D", "week": "W", "month": "M"}  # pandas periods; a week runs Monday–Sunday
DAYS_FOR_DAYS = 62  # a span up to this many days is counted per day; up to a year, per week


def period_for(days: np.ndarray) -> str:
    """ "day", "week" or "month", from the span of the dates (days since 1970, nan missing)."""
    present = days[np.isfinite(days)]
    span = float(present.max() - present.min()) if len(present) else 0.0
    return "day" if span <= DAYS_FOR_DAYS else "week" if span <= 366 else "month"


def per_period(days: np.ndarray, groups: Sequence[str] | None, period: str) -> pd.DataFrame:
    """Rows per period (index: each period's first day, every period of the span, none left
    out) and group (one column each; "all" without groups). Rows without a date are left out.

    Raises
    ------
    InputError
        An unknown period, or no row with a date.
    """
    if period not in PERIODS:
        raise InputError(f"Unknown period: {period!r}. Must be one of: {list(PERIODS)}.")
    days = np.asarray(days, dtype=np.float64)
    present = np.isfinite(days)
    if not present.any():
        raise InputError("No row has a date to count by.")
    when = pd.to_datetime(np.floor(days[present]) * 86_400, unit="s")
    starts = when.to_period(PERIODS[period]).start_time
    label = np.asarray(["all"] * len(days) if groups is None else [str(g) for g in groups])
    frame = pd.DataFrame({"start": starts, "group": label[present]})
    counts = frame.groupby(["start", "group"]).size().unstack(fill_value=0)
    every = pd.period_range(starts.min(), starts.max(), freq=PERIODS[period]).start_time
    return counts.reindex(every, fill_value=0).rename_axis("start").rename_axis(None, axis=1)


def trends(counts: pd.DataFrame) -> pd.Series:
    """Each column's slope (rows per period, least squares over the periods in order), the
    fastest growing first; 0 when there is only one period."""
    x = np.arange(len(counts), dtype=np.float64)
    if len(x) < 2:
        return pd.Series(0.0, index=counts.columns)
    centred = x - x.mean()
    y = counts.to_numpy(dtype=np.float64)
    slopes = centred @ (y - y.mean(axis=0)) / float(centred @ centred)
    return pd.Series(slopes, index=counts.columns).sort_values(ascending=False, kind="stable")
