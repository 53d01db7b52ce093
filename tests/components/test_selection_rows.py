"""components.selection.selected_rows: a plotly chart selection → row ids, as a pure function.

Payloads are shaped like what ``st.plotly_chart(..., on_select="rerun")`` returns: an object that
is both a dict and attribute-accessible, ``{"selection": {"points": [...], "point_indices": [...],
"box": [], "lasso": []}}``. ``point_index`` counts within a trace, so it differs from the row id
whenever a map has several traces (colour groups, highlight layers); the row id lives in
``customdata[0]``.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from components.selection import selected_rows


class AttrDict(dict):
    """Like Streamlit's selection state: keys readable as attributes too."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def payload(points, *, as_attrs: bool = False):
    inner = {
        "points": points,
        "point_indices": [p.get("point_index") for p in points if "point_index" in p],
        "box": [],
        "lasso": [],
    }
    if as_attrs:
        return SimpleNamespace(selection=SimpleNamespace(**inner))
    return AttrDict(selection=AttrDict(inner))


def point(curve: int, index: int, row, text: str = "w", **extra) -> dict:
    return {
        "curve_number": curve,
        "point_number": index,
        "point_index": index,
        "x": 0.5,
        "y": -1.25,
        "customdata": [row, text],
        **extra,
    }


def test_one_click_in_the_third_trace_gives_the_row_id_not_the_point_index():
    # Trace 2 holds rows 10..14; its first point has point_index 0.
    sel = payload([point(2, 0, 10, "run")])
    assert selected_rows(sel) == [10]


@pytest.mark.parametrize("as_attrs", [False, True], ids=["dict-like", "attribute-like"])
def test_several_traces_in_selection_order(as_attrs):
    pts = [point(3, 4, 19, "computer"), point(0, 1, 1, "dog"), point(17, 2, 86, "skater")]
    assert selected_rows(payload(pts, as_attrs=as_attrs)) == [19, 1, 86]


def test_the_inner_selection_part_alone_is_accepted():
    inner = {"points": [point(1, 3, 8, "boat")], "point_indices": [3], "box": [], "lasso": []}
    assert selected_rows(inner) == [8]


def test_points_of_3d_traces_without_point_index():
    pts = [
        {"curve_number": 0, "x": 0.1, "y": 0.2, "z": 0.3, "customdata": [42, "lion"]},
        {"curve_number": 5, "x": 1.0, "y": -2.0, "z": 3.0, "customdata": [7, "surf"]},
    ]
    assert selected_rows(payload(pts)) == [42, 7]


@pytest.mark.parametrize(
    ("customdata", "expected"),
    [
        ([5, "five"], [5]),
        ((5, "five"), [5]),
        (5, [5]),
        (5.0, [5]),
        ("5", [5]),
        ([5.0, "five"], [5]),
        (5.5, []),  # not a row id
        (True, []),  # a flag, not a row
        ([], []),
        (None, []),
        ("cat", []),  # a label trace's text
        ({"row": 5}, []),
    ],
)
def test_customdata_shapes(customdata, expected):
    sel = payload([{"curve_number": 0, "point_index": 0, "customdata": customdata}])
    assert selected_rows(sel) == expected


def test_points_without_customdata_are_ignored():
    pts = [{"curve_number": 1, "point_index": 0, "x": 1, "y": 2}, point(0, 2, 2, "elephant")]
    assert selected_rows(payload(pts)) == [2]


def test_rows_outside_the_data_are_dropped_when_n_rows_is_given():
    pts = [point(0, 0, 0), point(0, 1, 89), point(0, 2, 90), point(0, 3, -1)]
    assert selected_rows(payload(pts), n_rows=90) == [0, 89]
    assert selected_rows(payload(pts)) == [0, 89, 90, -1]  # no bound known: keep them


def test_a_point_picked_twice_counts_once():
    # A neighbour is drawn in its group trace and again in the "highlighted" layer.
    pts = [point(4, 3, 23, "dolphin"), point(18, 0, 23, "dolphin"), point(4, 1, 21, "shark")]
    assert selected_rows(payload(pts)) == [23, 21]


@pytest.mark.parametrize(
    "empty",
    [
        None,
        {},
        AttrDict(selection=AttrDict(points=[], point_indices=[], box=[], lasso=[])),
        AttrDict(selection=None),
        {"selection": {"points": None}},
        SimpleNamespace(selection=SimpleNamespace(points=[])),
        SimpleNamespace(),
    ],
)
def test_nothing_selected(empty):
    assert selected_rows(empty) == []


def test_a_box_selection_over_several_traces():
    pts = [point(c, i, 5 * c + i) for c in (0, 1) for i in range(3)]
    sel = AttrDict(
        selection=AttrDict(
            points=pts,
            point_indices=[0, 1, 2, 0, 1, 2],
            box=[{"x": [0, 1], "y": [0, 1]}],
            lasso=[],
        )
    )
    assert selected_rows(sel, n_rows=10) == [0, 1, 2, 5, 6, 7]
