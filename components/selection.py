"""Turning a plotly chart selection into row ids, as a pure function (AppTest cannot click).

Each point of our maps carries its row id as the first element of ``customdata``, so the mapping
survives any split of the points into traces (colour groups, highlight layers, 2D or 3D).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def selected_rows(selection: Any, n_rows: int | None = None) -> list[int]:
    """Row ids of the selected points, in selection order, without repeats.

    ``selection`` is what ``st.plotly_chart(..., on_select="rerun")`` returns (an attribute/dict
    object with ``selection.points``), or its ``selection`` part, or None. Points without a usable
    row id (other traces, such as labels or arrows) are ignored, as are ids outside ``n_rows``.
    """
    if selection is None:
        return []
    inner = _get(selection, "selection", None)
    points = _get(inner if inner is not None else selection, "points", None) or []
    rows: list[int] = []
    for point in points:
        row = _row_of(_get(point, "customdata", None))
        if row is None or (n_rows is not None and not 0 <= row < n_rows):
            continue
        if row not in rows:
            rows.append(row)
    return rows


def _row_of(customdata: Any) -> int | None:
    value = customdata
    if isinstance(value, (list, tuple)):
        if not value:
            return None
        value = value[0]
    if isinstance(value, bool):
        return None
    try:
        as_float = float(value)
    except (TypeError, ValueError):
        return None
    return int(as_float) if as_float.is_integer() else None
