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
