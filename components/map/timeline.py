"""Under the map, when the data has a date column: rows per period (day, week or month, from the
span) split by the map's colour (its categories), each line named with its trend, the fastest
growing first. Brushing a span of the chart filters the map to those dates."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from components.frame.items import Items
from components.map import filters
from components.map.payload import Colouring
from components.text import plain
from core.errors import InputError
from core.io.timeline import per_period, period_for, trends

KEY, CHART = "map_time_column", "map_time_chart"
SPLIT_AT_MOST = 12  # categories drawn as their own lines; more: the total only


def dates_of(sieve: filters.Filtered, items: Items) -> list[str]:
    kinds = filters.kinds(items, sieve.columns)
    return [name for name, kind in kinds.items() if kind == "date"]


def chart(items: Items, sieve: filters.Filtered, col: Colouring) -> None:
    """The "Over time" expander (nothing when the data has no date column)."""
    dated = dates_of(sieve, items)
    if not dated:
        return
    with st.expander(
        f"Over time: rows per period{'' if len(dated) == 1 else ' (by a date column)'}"
    ):
        name = dated[0] if len(dated) == 1 else st.selectbox("Date column", dated, key=KEY)
        days = filters.numbers(items, sieve.columns, name)
        split = col.kind == "categorical" and len(col.names) <= SPLIT_AT_MOST
        groups = np.asarray(col.names, dtype=object)[col.codes] if split else None
        period = period_for(days)
        try:
            counts = per_period(days, None if groups is None else list(groups), period)
        except InputError as exc:
            st.caption(plain(exc))
            return
        slopes = trends(counts)
        st.plotly_chart(_figure(counts, slopes, period, col), key=CHART, on_select=lambda: _brushed(name),
                        selection_mode="box", config={"displayModeBar": False})  # fmt: skip
        top = slopes.index[0]
        what = f"“{plain(top)}”" if groups is not None else "all rows"
        st.caption(f"Rows per {period} by {plain(col.title) if split else 'date'}; fastest growing: "
                   f"{what} ({slopes.iloc[0]:+.2f} rows per {period}, least squares). Drag across "
                   "the chart to show only those dates on the map.")  # fmt: skip


def _figure(counts, slopes, period: str, col: Colouring) -> go.Figure:
    colour_of = dict(zip(col.names, col.palette, strict=True))
    fig = go.Figure()
    for group in slopes.index:  # the fastest growing first, in the legend too
        fig.add_trace(go.Scatter(
            x=counts.index, y=counts[group], mode="lines+markers", name=f"{group} ({slopes[group]:+.2f}/{period})",
            line=dict(color=colour_of.get(group, "#495057"), width=2), marker=dict(size=4),
        ))  # fmt: skip
    fig.update_layout(height=260, margin=dict(l=0, r=0, t=10, b=0), dragmode="select",
                      legend=dict(font=dict(size=11)), yaxis_title=f"rows per {period}")  # fmt: skip
    return fig


def _brushed(name: str) -> None:
    """A span dragged across the chart: the map shows only the rows of those dates."""
    event = st.session_state.get(CHART)
    selection = event.get("selection", {}) if hasattr(event, "get") else {}
    boxes = selection.get("box", []) if hasattr(selection, "get") else []
    if not boxes:
        return
    ends = sorted(str(v)[:10] for v in boxes[0].get("x", [])[:2])
    if len(ends) == 2:
        filters.set_rule(name, {"range": ends})
