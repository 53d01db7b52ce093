"""Filters keep exactly the rows pandas' own filtering of the same table keeps."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.io.datasets import load_dataset
from core.io.filters import as_numbers, describe, kept, kind_of


def tickets() -> pd.DataFrame:
    data = load_dataset("support-tickets")
    return pd.DataFrame({"text": data.texts, **data.columns})


def test_categories_keep_the_rows_pandas_isin_keeps():
    table = tickets()
    spec = {"priority": {"in": ["high", "urgent"]}}
    mask = kept(table.to_dict("list"), spec, len(table))
    expected = table["priority"].isin(["high", "urgent"]).to_numpy()
    np.testing.assert_array_equal(mask, expected)
    assert 0 < mask.sum() < len(table)


def test_a_date_range_keeps_whole_days_as_pandas_between_does():
    table = tickets()
    spec = {"created_at": {"range": ["2026-03-01", "2026-03-31"]}}
    mask = kept(table.to_dict("list"), spec, len(table))
    when = pd.to_datetime(table["created_at"], format="mixed")
    expected = ((when >= "2026-03-01") & (when < "2026-04-01")).to_numpy()
    np.testing.assert_array_equal(mask, expected)
    assert 0 < mask.sum() < len(table)


def test_several_filters_and_numbers_combine_like_pandas_query():
    table = tickets()
    number = next(c for c in table.columns if kind_of(table[c].tolist()) == "number")
    lo, hi = table[number].quantile([0.25, 0.75])
    spec = {number: {"range": [float(lo), float(hi)]}, "priority": {"in": ["low"]}}
    mask = kept(table.to_dict("list"), spec, len(table))
    expected = (table[number].between(lo, hi) & (table["priority"] == "low")).to_numpy()
    np.testing.assert_array_equal(mask, expected)


def test_missing_values_unknown_columns_and_junk_rules():
    columns = {"tag": ["a", None, "b", float("nan")], "n": [1, None, 3, 4]}
    assert kept(columns, {"tag": {"in": ["(none)"]}}, 4).tolist() == [False, True, False, True]
    assert kept(columns, {"n": {"range": [2, 10]}}, 4).tolist() == [False, False, True, True]
    assert kept(columns, {"gone": {"in": ["x"]}}, 4).all()  # a link made on other data
    assert kept(columns, {"n": {"range": ["x", "y"]}}, 4).all()  # unreadable: ignored
    assert kept(columns, {"tag": "junk"}, 4).all()


def test_kinds_and_words():
    table = tickets()
    assert kind_of(table["created_at"].tolist()) == "date"
    assert kind_of(table["priority"].tolist()) == "category"
    assert kind_of(table["text"].tolist()) is None  # free text: not offered as chips
    assert kind_of(table["ticket_id"].tolist()) is None  # "T-1001" is an id, not the year 1001
    days = as_numbers(["2026-01-02", None])
    assert days[0] == (np.datetime64("2026-01-02") - np.datetime64("1970-01-01")).astype(int)
    assert np.isnan(days[1])
    assert describe({"p": {"in": ["a", "b"]}, "d": {"range": ["x", "y"]}}) == "p is a or b; d x – y"


def test_dates_in_five_formats_and_unix_times_named_as_time_read_as_dates():
    from core.io.columns import as_dates

    day = (np.datetime64("2026-01-04") - np.datetime64("1970-01-01")).astype(int)
    for values in (["2026-01-04", "2026-01-05"], ["2026-01-04 09:30", "2026-01-05 10:00"],
                   ["Jan 4, 2026", "Jan 5, 2026"], ["4 January 2026", "5 January 2026"],
                   ["2026-01-04T09:30:00Z", "2026-01-05T00:00:00Z"]):  # fmt: skip
        assert np.floor(as_dates(values)[0]) == day, values
    seconds = [1767517200, 1767603600]  # 2026-01-04 09:00 and a day later, UTC
    assert np.floor(as_dates(seconds, "created_at")[0]) == day
    assert np.floor(as_dates([s * 1000 for s in seconds], "timestamp")[0]) == day
    assert as_dates(seconds, "ticket_number") is None  # numbers not named as time stay numbers
    assert as_dates([5, 6], "created_at") is None  # not in the Unix range
    assert kind_of(seconds * 20, "created_at") == "date"
    assert as_dates(["2026-01-04", "soon", "later", "never"]) is None  # mostly not dates: text
