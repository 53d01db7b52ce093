"""core.io.datasets: the bundled support tickets, read from core/io/data/support_tickets.csv."""

from __future__ import annotations

import csv
from collections import Counter

import pandas as pd
import pytest

from core.io.datasets import TICKETS_CSV, list_datasets, load_dataset
from core.models.registry import DEFAULT_MODEL

NAME = "support-tickets"
COLUMNS = ["ticket_id", "created_at", "product", "priority", "minutes_to_first_reply"]
GROWS, SHRINKS = "Cancel subscription", "Late parcel / tracking"


@pytest.fixture(scope="module")
def data():
    return load_dataset(NAME)


@pytest.fixture(scope="module")
def records() -> list[dict[str, str]]:
    """The CSV read on its own, with the csv module."""
    with TICKETS_CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def frame(data) -> pd.DataFrame:
    return data.frame()


def test_the_tickets_load_for_the_sentence_model_and_are_listed(data):
    assert data.name == NAME
    assert data.title == f"Support tickets ({len(data.texts)}, six months)"
    assert data.description
    assert data.model == DEFAULT_MODEL
    assert data.query is None
    assert NAME in [d.name for d in list_datasets()]


def test_about_400_tickets_each_with_a_text_and_a_theme(data):
    assert 380 <= len(data.texts) <= 420
    assert len(data.labels) == len(data.texts)
    assert all(isinstance(t, str) and t.strip() for t in data.texts)
    assert all(isinstance(lab, str) and lab for lab in data.labels)


def test_every_column_has_one_plain_value_per_text(data):
    assert list(data.columns) == COLUMNS
    for name, values in data.columns.items():
        assert len(values) == len(data.texts), name
    assert all(type(v) is int and v > 0 for v in data.columns["minutes_to_first_reply"])
    for name in ("ticket_id", "created_at", "product", "priority"):
        assert all(isinstance(v, str) and v for v in data.columns[name]), name
    assert len(set(data.columns["ticket_id"])) == len(data.texts)
    assert set(data.columns["priority"]) == {"low", "normal", "high", "urgent"}
    assert 4 <= len(set(data.columns["product"])) <= 5


def test_the_frame_holds_text_label_and_the_columns(data, frame):
    assert list(frame.columns) == ["text", "label", *COLUMNS]
    assert len(frame) == len(data.texts)
    assert frame["ticket_id"].tolist() == data.columns["ticket_id"]


def test_dates_are_iso_strings_that_span_january_to_june_2026(data):
    raw = data.columns["created_at"]
    assert all(len(d) == 10 and d[4] == d[7] == "-" for d in raw)
    dates = pd.to_datetime(pd.Series(raw), format="%Y-%m-%d")
    assert dates.min() < pd.Timestamp("2026-01-15")
    assert dates.max() > pd.Timestamp("2026-06-15")
    assert 150 <= (dates.max() - dates.min()).days <= 181
    assert sorted(dates.dt.month.unique()) == [1, 2, 3, 4, 5, 6]
    assert dates.is_monotonic_increasing  # the table is in date order


def test_every_row_of_the_csv_is_kept_repeated_texts_included(data, records):
    assert len(data.texts) == len(records)
    assert data.texts == [r["body"] for r in records]
    assert data.labels == [r["theme"] for r in records]
    assert data.columns["ticket_id"] == [r["ticket_id"] for r in records]
    counts = Counter(r["body"] for r in records)
    repeats = sum(n - 1 for n in counts.values() if n > 1)
    assert 20 <= repeats <= 30
    assert counts["Where is my order?"] >= 2
    assert counts["I was charged twice."] >= 2


def test_ten_themes_of_at_least_20_tickets(data):
    sizes = Counter(data.labels)
    assert 8 <= len(sizes) <= 10
    assert min(sizes.values()) >= 20


def _per_month(frame: pd.DataFrame, theme: str) -> list[int]:
    month = pd.to_datetime(frame["created_at"]).dt.month
    counts = frame[frame["label"] == theme].groupby(month[frame["label"] == theme]).size()
    return counts.reindex(range(1, 7), fill_value=0).tolist()


def test_one_theme_grows_month_by_month_and_one_shrinks(frame):
    grows, shrinks = _per_month(frame, GROWS), _per_month(frame, SHRINKS)
    assert grows == sorted(grows) and grows[-1] >= 3 * grows[0]
    assert shrinks == sorted(shrinks, reverse=True) and shrinks[0] >= 3 * shrinks[-1]
    totals = pd.to_datetime(frame["created_at"]).dt.month.value_counts().sort_index().tolist()
    share = [g / t for g, t in zip(grows, totals, strict=True)]
    assert share[-1] > 3 * share[0]  # it grows as a share too, not only with the volume


def test_priority_and_product_follow_the_theme(frame):
    crashes = frame[frame["label"] == "App crashes"]
    assert set(crashes["product"]) <= {"iOS app", "Android app"}
    assert set(frame[frame["label"] == GROWS]["product"]) == {"Fernleaf Plus"}
    urgent = crashes["priority"].isin(["high", "urgent"]).mean()
    ideas = frame[frame["label"] == "Feature requests"]["priority"].eq("low").mean()
    assert urgent > 0.5 and ideas > 0.7
    median = frame.groupby("priority")["minutes_to_first_reply"].median()
    assert median["urgent"] < median["high"] < median["normal"] < median["low"]


def test_the_generator_writes_exactly_the_bundled_csv(records):
    from bench.make_tickets import make_rows

    made = [{k: str(v) for k, v in r.items()} for r in make_rows()]
    assert made == records
