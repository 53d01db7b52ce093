"""Rows that repeat a text: every row stays a row, but identical texts share one vector and one
point (encoded once, placed once). A page computes on the *points* (the distinct texts, in order of
first occurrence) and shows, counts and exports the *rows*; :class:`Repeats` maps between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True)
class Repeats:
    """How the rows of a set map onto its distinct texts (its points)."""

    point_of_row: np.ndarray  # int64 (rows,): the point each row is drawn as
    first_row: np.ndarray  # int64 (points,): the first row with each point's text
    count: np.ndarray  # int64 (points,): how many rows share each point

    @property
    def rows(self) -> int:
        return len(self.point_of_row)

    @property
    def shared(self) -> int:
        """Rows beyond the first of their text."""
        return self.rows - len(self.first_row)

    def rows_of(self, points: Sequence[int]) -> list[int]:
        """Every row drawn as one of ``points``, in row order."""
        wanted = np.zeros(len(self.first_row), dtype=bool)
        wanted[np.asarray(list(points), dtype=np.int64)] = True
        return [int(r) for r in np.flatnonzero(wanted[self.point_of_row])]

    def points_of(self, rows: Sequence[int]) -> list[int]:
        """The distinct points of ``rows``, in the order first met."""
        return list(dict.fromkeys(int(self.point_of_row[r]) for r in rows))

    def as_rows(self, found: Sequence, among=None) -> list:
        """Neighbours among points (``core.neighbours.Neighbour``), named by the first row of
        each (a repeated text is listed once); with ``among`` (a bool per row), by the first
        row of each that is among them."""
        first = self.first_row if among is None else self.first_among(among)
        return [replace(x, index=int(first[x.index])) for x in found]

    def first_among(self, among) -> np.ndarray:
        """Each point's first row with ``among`` true (-1 for a point with none)."""
        rows = np.flatnonzero(np.asarray(among, dtype=bool))[::-1]
        first = np.full(len(self.first_row), -1, dtype=np.int64)
        first[self.point_of_row[rows]] = rows
        return first

    def row_counts(self) -> np.ndarray:
        """For each row, how many rows share its text (1 for a text given once)."""
        return self.count[self.point_of_row]


def repeats(texts: Sequence[str]) -> Repeats:
    """The :class:`Repeats` of a list of texts (identical strings share a point)."""
    point_of: dict[str, int] = {}
    point_of_row = np.fromiter(
        (point_of.setdefault(t, len(point_of)) for t in texts), dtype=np.int64, count=len(texts)
    )
    first_row = np.full(len(point_of), -1, dtype=np.int64)
    first_row[point_of_row[::-1]] = np.arange(len(texts) - 1, -1, -1)
    count = np.bincount(point_of_row, minlength=len(point_of)).astype(np.int64)
    for array in (point_of_row, first_row, count):
        array.setflags(write=False)  # shared by every session that draws the set
    return Repeats(point_of_row, first_row, count)
