"""Rows that repeat a text map onto one point each, checked against pandas' own factorize."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.io.repeats import repeats
from core.neighbours.exact import Neighbour


def test_repeats_agree_with_pandas_factorize_and_counts():
    texts = ["b", "a", "b", "c", "a", "b"]
    r = repeats(texts)
    codes, uniques = pd.factorize(pd.Series(texts))
    assert r.point_of_row.tolist() == codes.tolist()
    assert [texts[i] for i in r.first_row] == list(uniques)
    assert r.first_row.tolist() == [0, 1, 3]
    assert r.count.tolist() == pd.Series(texts).value_counts()[list(uniques)].tolist()
    assert r.row_counts().tolist() == [3, 2, 3, 1, 2, 3]
    assert (r.rows, r.shared) == (6, 3)


def test_rows_and_points_map_both_ways():
    r = repeats(["b", "a", "b", "c", "a", "b"])
    assert r.rows_of([0]) == [0, 2, 5]
    assert r.rows_of([1, 2]) == [1, 3, 4]
    assert r.points_of([5, 2, 4, 0]) == [0, 1]
    found = [Neighbour(2, 0.9), Neighbour(1, 0.5)]
    assert r.as_rows(found) == [Neighbour(3, 0.9), Neighbour(1, 0.5)]


def test_no_repeats_is_the_identity_and_empty_is_empty():
    r = repeats(["x", "y"])
    assert r.point_of_row.tolist() == r.first_row.tolist() == [0, 1]
    assert r.shared == 0
    empty = repeats([])
    assert (empty.rows, len(empty.first_row)) == (0, 0)
    assert np.asarray(empty.row_counts()).size == 0


def test_a_neighbour_can_be_named_by_its_first_row_among_some():
    r = repeats(["b", "a", "b", "c", "a", "b"])
    among = [False, True, False, True, False, True]
    assert r.first_among(among).tolist() == [5, 1, 3]
    assert r.as_rows([Neighbour(0, 0.5)], among) == [Neighbour(5, 0.5)]
    assert r.first_among([False] * 6).tolist() == [-1, -1, -1]
