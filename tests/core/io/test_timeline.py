"""Counts per period equal pandas' own resample; trends equal scipy's linear regression."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import linregress

from core.errors import InputError
from core.io.columns import as_dates
from core.io.datasets import load_dataset
from core.io.timeline import per_period, period_for, trends


def tickets():
    data = load_dataset("support-tickets")
    return as_dates(data.columns["created_at"]), data.columns["priority"], data


def test_weekly_counts_by_group_equal_pandas_resample():
    days, priority, data = tickets()
    assert period_for(days) == "week"  # six months of tickets
    counts = per_period(days, priority, "week")
    when = pd.to_datetime(data.columns["created_at"], format="mixed")
    table = pd.DataFrame({"p": priority}, index=when)
    for group in set(priority):
        weekly = table[table["p"] == group].resample("W-SUN").size()  # labelled by the Sunday
        weekly.index = weekly.index - pd.Timedelta(days=6)  # ours: by the Monday
        got = counts[group]
        np.testing.assert_array_equal(got.loc[weekly.index].to_numpy(), weekly.to_numpy())
        assert got.drop(weekly.index).eq(0).all()  # weeks before its first ticket
    assert counts.to_numpy().sum() == len(priority) == 400


def test_monthly_and_daily_totals_and_missing_dates():
    days, _, data = tickets()
    monthly = per_period(days, None, "month")
    when = pd.to_datetime(data.columns["created_at"], format="mixed")
    expected = pd.Series(1, index=when).resample("MS").sum()
    np.testing.assert_array_equal(monthly["all"].to_numpy(), expected.to_numpy())
    assert list(monthly.index) == list(expected.index)
    daily = per_period(np.array([0.5, 2.2, np.nan, 2.9]), ["a", "b", "c", "b"], "day")
    assert daily.to_dict("list") == {"a": [1, 0, 0], "b": [0, 0, 2]}  # day 1 kept, empty
    assert (
        period_for(np.array([0.0, 30.0])) == "day" and period_for(np.array([0.0, 900.0])) == "month"
    )


def test_trends_equal_linregress_fastest_first():
    days, priority, _ = tickets()
    counts = per_period(days, priority, "week")
    got = trends(counts)
    for group in counts.columns:
        slope = linregress(np.arange(len(counts)), counts[group].to_numpy()).slope
        assert got[group] == pytest.approx(slope)
    assert list(got) == sorted(got, reverse=True)


def test_bad_inputs_say_what_is_wrong():
    with pytest.raises(InputError, match="No row has a date"):
        per_period(np.array([np.nan]), None, "week")
    with pytest.raises(InputError, match="Unknown period"):
        per_period(np.array([1.0]), None, "year")
    assert trends(per_period(np.array([1.0]), None, "day")).tolist() == [0.0]
