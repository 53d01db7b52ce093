"""The Map's filters: chips for a category (a click on the legend toggles one too), a range for a
number or a date (a slider, and a histogram to brush). Rows outside stay on the map in grey and
the camera stays; the filter is kept with the link (``filter=``) and the saved view; the Selection
keeps only filtered rows, and the points CSV says which rows pass (``in_filter``).

The rule itself is plain data, read by :func:`core.io.filters.kept`."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from components import resources
from components.frame.items import Items
from components.links import FILTER
from components.text import plain, short
from core.io import filters as rules
from core.keys import digest, texts_key

PICK = "map_filter_column"
READ_AS = "map_read_as"  # the user's corrections of a column's kind: {name: kind}
KIND_NAMES = {"date": "dates", "number": "numbers", "category": "categories", "text": "free text"}
NEIGHBOURS_IN = "map_filter_neighbours"  # a click lists only neighbours that pass the filter
ROWS_FOR_CHIPS = 40  # chips shown for a category (more: the largest)


@dataclass(frozen=True)
class Filtered:
    """The filter as one map run uses it: the rows kept (None: no filter), the columns it reads,
    and the column a click on the legend filters (the colour's, when it is one of them)."""

    keep: np.ndarray | None
    columns: dict[str, list]
    legend_column: str | None
    spec: dict  # the rules it was made from

    def stale(self) -> bool:
        """The filter changed since (a click on the legend, in the map's fragment)."""
        return current() != self.spec

    def view(self) -> dict | None:
        """ViewData.filter (static/map/contract.js): the bits, and the legend's chosen names."""
        shown = for_view(self.keep) or {}
        if self.legend_column:
            shown["legend_column"] = self.legend_column
            shown["legend_on"] = current().get(self.legend_column, {}).get("in")
        return shown or None

    def neighbours_inside(self) -> bool:
        return self.keep is not None and bool(st.session_state.get(NEIGHBOURS_IN))

    def rows(self, rows: list[int]) -> list[int]:
        return rows if self.keep is None else [r for r in rows if self.keep[r]]


def filtered(items: Items, cluster_names: list[str] | None, colour: str) -> Filtered:
    """The filter for this run (its controls drawn in the sidebar)."""
    columns = table(items, cluster_names)
    sidebar(items, columns)
    legend_column = colour if colour in columns else None
    return Filtered(mask(items, columns), columns, legend_column, current())


def table(items: Items, cluster_names: list[str] | None) -> dict[str, list]:
    """The columns a filter may use: the group, the table's own, and the map's clusters."""
    columns = {"group": items.labels, **items.columns}
    if cluster_names is not None:
        columns["cluster"] = cluster_names
    return columns


def current() -> dict:
    spec = st.session_state.get(FILTER)
    return dict(spec) if isinstance(spec, dict) else {}


def set_rule(name: str, rule: dict | None) -> None:
    """One column's rule (None removes it); the others stay."""
    spec = current()
    if rule is None:
        spec.pop(name, None)
    else:
        spec[name] = rule
    st.session_state[FILTER] = spec


def read_as(name: str) -> str | None:
    """The kind the user chose for a column (None: the guess stands)."""
    return (st.session_state.get(READ_AS) or {}).get(name)


def guessed(items: Items, columns: dict[str, list]) -> dict[str, str | None]:
    """Each column's kind as read from its values, once per set."""
    return resources.cached("filter-kinds", texts_key(items.texts), list(columns),
                            [texts_key([str(v) for v in columns[c][:50]]) for c in columns],
                            compute=lambda: {name: rules.kind_of(values, name)
                                             for name, values in columns.items()})  # type: ignore[return-value]  # fmt: skip


def kinds(items: Items, columns: dict[str, list]) -> dict[str, str]:
    """Each filterable column's kind ("date", "number", "category"): the guess, or the user's
    correction ("text" leaves a column out)."""
    found = {name: read_as(name) or kind for name, kind in guessed(items, columns).items()}
    return {name: kind for name, kind in found.items() if kind and kind != "text"}


def numbers(items: Items, columns: dict[str, list], name: str) -> np.ndarray:
    """A number or date column as floats (dates: days since 1970), parsed once per set."""
    forced = read_as(name)  # "date": numbers read as Unix times; "number": text dates are not
    how = {"date": "date", "number": ""}.get(forced or "", name)
    return resources.cached("filter-numbers", texts_key(items.texts), name, forced,
                            [str(v) for v in columns[name]],
                            compute=lambda: _as_numbers(columns[name], how, forced))  # type: ignore[return-value]  # fmt: skip


def _as_numbers(values: list, name: str, forced: str | None) -> np.ndarray:
    if forced == "number":
        return np.array([float(v) if rules.is_number(v) else np.nan for v in values])
    return rules.as_numbers(values, name)


def mask(items: Items, columns: dict[str, list]) -> np.ndarray | None:
    """Which rows pass the filter (None when there is none)."""
    spec = {k: v for k, v in current().items() if k in columns}
    if not spec:
        return None
    return rules.kept(columns, spec, len(items.texts), lambda name: numbers(items, columns, name))


def for_view(keep: np.ndarray | None) -> dict | None:
    """What the map needs to grey the rows outside: a bit per row (little-endian bits)."""
    if keep is None:
        return None
    bits = np.packbits(keep, bitorder="little").tobytes()
    return {
        "id": digest(bits, size=6),
        "bits": base64.b64encode(bits).decode(),
        "kept": int(keep.sum()),
    }


def on_legend(name, sieve: Filtered) -> None:
    """A click on a legend entry: that category joins (or leaves) the filter on the colour's
    column; the last one leaving clears it."""
    column = sieve.legend_column
    if not isinstance(name, str) or not name or column is None:
        return
    chosen = list(current().get(column, {}).get("in", []))
    chosen = [c for c in chosen if c != name] if name in chosen else [*chosen, name]
    set_rule(column, {"in": chosen} if chosen else None)


def sidebar(items: Items, columns: dict[str, list]) -> None:
    """The sidebar's Filter: one column at a time; every active filter listed, with Clear."""
    known = kinds(items, columns)
    spec = {k: v for k, v in current().items() if k in known}
    with st.sidebar.expander(f"Filter{f' ({len(spec)} on)' if spec else ''}", expanded=bool(spec)):
        options = list(known)
        if st.session_state.get(PICK) not in [None, *options]:
            st.session_state[PICK] = None
        name = st.selectbox("Filter by", [None, *options], key=PICK,
                            format_func=lambda c: "choose a column…" if c is None else c)  # fmt: skip
        if name is not None:
            _read_as_control(name, guessed(items, columns).get(name))
        if name is not None and name in known and known[name] == "category":
            _chips(name, columns[name])
        elif name is not None and name in known:
            _range(items, columns, name, known[name])
        if spec:
            st.caption(f"Showing only: {plain(short(rules.describe(spec), 300))}.")
            c1, c2 = st.columns(2)
            c1.button("Clear filters", key="map_filter_clear", on_click=_clear)
            c2.button("Select these rows", key="map_filter_select", on_click=_select,
                      args=(items, columns), help="The rows the filter keeps become the "
                      "Selection (to list, download, open in the heatmap or tag).")  # fmt: skip
            st.toggle("Neighbours among these rows only", key=NEIGHBOURS_IN,
                      help="A click lists the nearest items that pass the filter.")  # fmt: skip


def _read_as_control(name: str, guess: str | None) -> None:
    """Correct the guess of a column's kind (kept for the session; used for colour too)."""
    shown = read_as(name) or guess or "text"
    key = f"map_read_as_{digest(name, shown, size=4)}"
    st.segmented_control(f"Read {name} as", list(KIND_NAMES), default=shown, key=key,
                         format_func=KIND_NAMES.get, on_change=_corrected, args=(name, key, guess),
                         help=f"Guessed from its values: {KIND_NAMES.get(guess or 'text')}.")  # fmt: skip


def _corrected(name: str, key: str, guess: str | None) -> None:
    chosen = st.session_state.get(key)
    kinds_now = dict(st.session_state.get(READ_AS) or {})
    if chosen is None or chosen == (guess or "text"):
        kinds_now.pop(name, None)
    else:
        kinds_now[name] = chosen
    st.session_state[READ_AS] = kinds_now
    set_rule(name, None)  # a rule made for the old kind no longer reads the column


def _select(items: Items, columns: dict[str, list]) -> None:
    keep = mask(items, columns)
    st.session_state["map_lasso"] = [] if keep is None else [int(i) for i in np.flatnonzero(keep)]


def _clear() -> None:
    st.session_state[FILTER] = {}


def _chips(name: str, values: list) -> None:
    texts = [rules.as_text(v) for v in values]
    counts: dict[str, int] = {}
    for t in texts:
        counts[t] = counts.get(t, 0) + 1
    offered = sorted(counts, key=lambda c: -counts[c])[:ROWS_FOR_CHIPS]
    chosen = [c for c in current().get(name, {}).get("in", []) if c in offered]
    key = (
        f"map_filter_in_{digest(name, chosen, size=4)}"  # drawn anew when a legend click changes it
    )
    st.pills(f"Keep rows whose {name} is", offered, selection_mode="multi", default=chosen,
             key=key, format_func=lambda c: f"{short(c, 30)} ({counts[c]:,})",
             on_change=_chosen, args=(name, key))  # fmt: skip


def _chosen(name: str, key: str) -> None:
    chosen = list(st.session_state.get(key) or [])
    set_rule(name, {"in": chosen} if chosen else None)


def _range(items: Items, columns: dict[str, list], name: str, kind: str) -> None:
    x = numbers(items, columns, name)
    if not np.isfinite(x).any():
        st.caption("No values to filter by.")
        return
    lo, hi = float(np.nanmin(x)), float(np.nanmax(x))
    rule = current().get(name, {}).get("range")
    as_value = _date if kind == "date" else float
    ends = (
        (lo, hi)
        if not rule
        else (rules.day_of(rule[0]), rules.day_of(rule[1]))
        if kind == "date"
        else tuple(rule)
    )
    key = f"map_filter_range_{digest(name, list(ends), size=4)}"
    st.plotly_chart(_histogram(x, kind, ends), key=f"map_filter_hist_{name}", on_select=lambda: _brushed(name, kind),
                    selection_mode="box", config={"displayModeBar": False})  # fmt: skip
    st.slider(f"Keep rows whose {name} lies in", as_value(lo), as_value(hi),
              (as_value(max(lo, ends[0])), as_value(min(hi, ends[1]))), key=key,
              on_change=lambda: _ranged(name, kind, st.session_state[key]))  # fmt: skip


def _date(days: float) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(np.floor(days)))


def _ranged(name: str, kind: str, value) -> None:
    low, high = value
    set_rule(
        name, {"range": [str(low), str(high)] if kind == "date" else [float(low), float(high)]}
    )


def _brushed(name: str, kind: str) -> None:
    """A box drawn over the histogram: its x extent becomes the range."""
    event = st.session_state.get(f"map_filter_hist_{name}")
    boxes = (event or {}).get("selection", {}).get("box", []) if hasattr(event, "get") else []
    if not boxes:
        return
    x0, x1 = sorted(float(v) if kind != "date" else _days(v) for v in boxes[0]["x"][:2])
    _ranged(name, kind, (_date(x0), _date(x1)) if kind == "date" else (x0, x1))


def _days(value) -> float:
    return rules.day_of(str(value)) if isinstance(value, str) else float(value)


def _histogram(x: np.ndarray, kind: str, ends: tuple[float, float]) -> go.Figure:
    """Counts of the column's values, the kept range shaded; drag across it to brush a range."""
    present = x[np.isfinite(x)]
    as_x = (
        (lambda d: np.asarray(d, dtype="float64").astype("datetime64[D]"))
        if kind == "date"
        else np.asarray
    )
    fig = go.Figure(go.Histogram(x=as_x(present), nbinsx=30, marker_color="#2E91E5"))
    low, high = as_x([ends[0]])[0], as_x([ends[1]])[0]
    fig.add_vrect(x0=low, x1=high, fillcolor="#2E91E5", opacity=0.12, line_width=0)
    fig.update_layout(height=110, margin=dict(l=0, r=0, t=0, b=0), bargap=0.05, dragmode="select",
                      yaxis=dict(visible=False), showlegend=False)  # fmt: skip
    return fig
