"""Plotly figure builders: data in, go.Figure out. One builder per chart kind, one base layout."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative

# 24 colours that are told apart at a glance (Plotly then D3 repeated near-identical reds and
# purples among the 90 words' 18 groups), then more for larger label sets.
COLOURS = qualitative.Dark24 + qualitative.Light24
FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=13)
TEXT_LABELS_UP_TO = 300  # above this, labels are on hover only (no per-point text elements)
WEBGL_FROM = 1_000
HIGHLIGHT = "#E8590C"
SELECTED = "#C2255C"


def base_layout(fig: go.Figure, *, height: int = 560, title: str | None = None) -> go.Figure:
    """The look every chart shares: font, margins, template, legend."""
    fig.update_layout(
        template="plotly_white",
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        title=dict(text=title, x=0.01) if title else None,
        legend=dict(itemsizing="constant", bgcolor="rgba(255,255,255,0.8)"),
        hoverlabel=dict(font=FONT),
    )
    return fig


def _escape(text: str) -> str:
    # Plotly renders hover and label text as HTML-ish markup; show user text as text.
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def scatter_map(
    coords: np.ndarray,
    texts: Sequence[str],
    groups: Sequence[str],
    *,
    highlight: Sequence[int] = (),
    selected: int | None = None,
    show_text: bool | None = None,
    group_title: str = "group",
    zoom_to: Sequence[int] = (),
) -> go.Figure:
    """A 2D or 3D map, one trace per group; ``customdata[0]`` of every point is its row id.

    ``highlight`` rows (neighbours, search matches) are drawn larger with an orange ring, and the
    ``selected`` row as a star. Large sets use WebGL and keep labels to hover only. ``zoom_to``
    rows (2D): the view opens on them (see :func:`focus_window`); double-click shows it all.
    """
    coords = np.asarray(coords)
    n, dims = coords.shape
    show_text = n <= TEXT_LABELS_UP_TO if show_text is None else show_text
    safe = np.array([_escape(t) for t in texts], dtype=object)
    group_arr = np.asarray([str(g) for g in groups], dtype=object)
    fig = go.Figure()
    names = list(dict.fromkeys(group_arr))
    for gi, name in enumerate(names):
        rows = np.flatnonzero(group_arr == name)
        fig.add_trace(
            _points(
                coords,
                rows,
                safe,
                name,
                COLOURS[gi % len(COLOURS)],
                dims,
                show_text,
                n,
                group_title,
            )
        )
    marked = [r for r in highlight if r != selected]
    if marked:
        fig.add_trace(
            _marks(
                coords,
                np.asarray(marked),
                safe,
                dims,
                "highlighted",
                HIGHLIGHT,
                "circle-open",
                16,
                n,
            )
        )
    if selected is not None:
        fig.add_trace(
            _marks(
                coords,
                np.asarray([selected]),
                safe,
                dims,
                "selected",
                SELECTED,
                "diamond" if dims == 3 else "star",
                18,
                n,
            )
        )
    base_layout(fig, height=700)  # room for the legend rows below the map
    fig.update_layout(
        legend_title_text=group_title,
        # Below the map, in rows: the map gets the column's whole width (18 groups beside it
        # took a third of it).
        legend=dict(orientation="h", yanchor="top", y=-0.02, xanchor="left", x=0),
        clickmode="event+select",
        dragmode="pan" if dims == 2 else None,
    )
    if dims == 2:
        window = focus_window(coords, zoom_to) if len(zoom_to) else None
        fig.update_xaxes(showticklabels=False, title=None, zeroline=False)
        fig.update_yaxes(showticklabels=False, title=None, zeroline=False)
        if window is not None:
            fig.update_xaxes(range=window[0])
            fig.update_yaxes(range=window[1])
    else:
        axis = dict(showticklabels=False, title="")
        fig.update_layout(scene=dict(xaxis=axis, yaxis=axis, zaxis=axis))
    return fig


def focus_window(
    coords: np.ndarray, rows: Sequence[int], *, most: float = 0.3, least: float = 0.04
) -> tuple[list[float], list[float]]:
    """x and y ranges of a close-up on ``rows`` (the first one centred): wide enough for all of
    them with a margin, but between ``least`` and ``most`` of the whole map's extent, so the
    close-up stays a close-up even when some of the rows lie far away."""
    coords = np.asarray(coords, dtype=np.float64)[:, :2]
    full = np.ptp(coords, axis=0)
    full = np.where(full > 0, full, 1.0)
    centre = coords[rows[0]]
    reach = np.abs(coords[list(rows)] - centre).max(axis=0) * 1.25
    half = np.clip(np.full(2, reach.max()), least * full / 2, most * full / 2)
    return (
        [float(centre[0] - half[0]), float(centre[0] + half[0])],
        [float(centre[1] - half[1]), float(centre[1] + half[1])],
    )


def _points(coords, rows, safe, name, colour, dims, show_text, n, group_title):
    custom = np.column_stack([rows, safe[rows]])
    common = dict(
        name=_escape(name),
        customdata=custom,
        hovertemplate=f"<b>%{{customdata[1]}}</b><br>{_escape(group_title)}: {_escape(name)}<extra></extra>",
        mode="markers+text" if show_text else "markers",
        text=safe[rows] if show_text else None,
        textposition="top center",
        textfont=dict(size=11, color="#495057"),
    )
    if dims == 3:
        return go.Scatter3d(
            x=coords[rows, 0],
            y=coords[rows, 1],
            z=coords[rows, 2],
            marker=dict(size=4, color=colour),
            **common,
        )
    cls = go.Scattergl if n >= WEBGL_FROM else go.Scatter
    size = 9 if n < 300 else 6 if n < 5_000 else 3
    return cls(
        x=coords[rows, 0],
        y=coords[rows, 1],
        marker=dict(size=size, color=colour, opacity=0.85),
        **common,
    )


def _marks(coords, rows, safe, dims, name, colour, symbol, size, n):
    custom = np.column_stack([rows, safe[rows]])
    common = dict(
        name=name,
        customdata=custom,
        mode="markers",
        hovertemplate="<b>%{customdata[1]}</b><extra>" + name + "</extra>",
    )
    if dims == 3:
        return go.Scatter3d(
            x=coords[rows, 0],
            y=coords[rows, 1],
            z=coords[rows, 2],
            marker=dict(size=size / 2, color=colour, symbol=symbol),
            **common,
        )
    cls = go.Scattergl if n >= WEBGL_FROM else go.Scatter
    line = dict(width=3, color=colour)
    return cls(
        x=coords[rows, 0],
        y=coords[rows, 1],
        marker=dict(
            size=size,
            # an open symbol is drawn in the marker colour: a transparent one hid the rings
            color=colour,
            symbol=symbol,
            line=line,
        ),
        **common,
    )


def heatmap(matrix: np.ndarray, labels: Sequence[str], *, metric: str = "cosine") -> go.Figure:
    """Pairwise similarity heatmap with exact values on hover."""
    safe = [_escape(t) for t in labels]
    similar_high = metric != "euclidean"
    name = {"cosine": "cosine similarity", "dot": "dot product", "euclidean": "distance"}[metric]
    fig = go.Figure(
        go.Heatmap(
            z=matrix,
            x=safe,
            y=safe,
            colorscale="Viridis" if similar_high else "Viridis_r",
            zmin=_cosine_floor(matrix) if metric == "cosine" else None,
            zmax=1 if metric == "cosine" else None,
            hovertemplate="%{y}<br>%{x}<br>" + name + ": %{z:.3f}<extra></extra>",
            colorbar=dict(title=dict(text=name, side="right")),  # upright, it was cut off
        )
    )
    n = len(labels)
    base_layout(fig, height=min(900, max(420, 18 * n + 160)))
    # Axis labels are cut to a few words (the hover shows each whole), and get the room they
    # need: whole sentences squeezed the squares, or were cut off at the edge.
    ticks = dict(tickvals=safe, ticktext=[_short(t) for t in safe], automargin=True)
    fig.update_yaxes(autorange="reversed", showticklabels=n <= 80, **ticks)
    fig.update_xaxes(showticklabels=n <= 80, tickangle=-45, **ticks)
    return fig


def _short(label: str, most: int = 28) -> str:
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def _cosine_floor(matrix: np.ndarray) -> float | None:
    """The colour scale's lower end for cosine: -1 when some pair points apart, 0 when every
    value is the same (one item: a scale of 0.6-1.4 made no sense), else fitted to the data."""
    lo, hi = float(np.min(matrix)), float(np.max(matrix))
    if lo < 0:
        return -1
    return 0 if hi - lo < 1e-6 else None


def ranked_bars(
    items: Sequence[tuple[str, float]],
    *,
    score_name: str = "score",
    highlight: Sequence[str] = (),
    height: int | None = None,
) -> go.Figure:
    """Horizontal bars, best at the top, with the score printed on each bar."""
    labels = [_escape(w) for w, _ in items]
    scores = [s for _, s in items]
    colours = [HIGHLIGHT if w in set(highlight) else COLOURS[0] for w, _ in items]
    fig = go.Figure(
        go.Bar(
            x=scores,
            y=labels,
            orientation="h",
            marker_color=colours,
            text=[f"{s:.3f}" for s in scores],
            textposition="auto",
            hovertemplate="%{y}: %{x:.4f}<extra>" + _escape(score_name) + "</extra>",
        )
    )
    base_layout(fig, height=height or max(240, 34 * len(items) + 60))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=score_name)
    return fig


def analogy_picture(coords: np.ndarray, words: Sequence[str], roles: Sequence[str]) -> go.Figure:
    """The analogy's words in 2D, with arrows a→b and c→answer (the parallel the analogy assumes)."""
    coords = np.asarray(coords)
    colours = {  # one colour per role: the legend names each word's part in the sum
        "a": "#1C7ED6",
        "b": "#7048E8",
        "c": "#2F9E44",
        "answer": HIGHLIGHT,
        "other": "#adb5bd",
    }
    fig = go.Figure()
    for role in dict.fromkeys(roles):
        rows = [i for i, r in enumerate(roles) if r == role]
        fig.add_trace(
            go.Scatter(
                x=coords[rows, 0],
                y=coords[rows, 1],
                mode="markers+text",
                name=role,
                text=[_escape(words[i]) for i in rows],
                textposition="top center",
                marker=dict(size=12 if role != "other" else 7, color=colours.get(role, "#495057")),
                hovertemplate="%{text}<extra>" + role + "</extra>",
                cliponaxis=False,  # a word at the edge keeps its whole label
            )
        )
    for src, dst in (("a", "b"), ("c", "answer")):
        if src in roles and dst in roles:
            i, j = roles.index(src), roles.index(dst)
            fig.add_annotation(
                x=coords[j, 0],
                y=coords[j, 1],
                ax=coords[i, 0],
                ay=coords[i, 1],
                xref="x",
                yref="y",
                axref="x",
                ayref="y",
                showarrow=True,
                arrowhead=3,
                arrowwidth=2,
                arrowcolor=colours[src],
            )
    base_layout(fig, height=420)
    fig.update_xaxes(showticklabels=False, zeroline=False)
    fig.update_yaxes(showticklabels=False, zeroline=False, scaleanchor="x")
    return fig


def context_scatter(df, *, x_title: str, y_title: str) -> go.Figure:
    """Contextual vectors (one per sentence) and the static vector on anchor-similarity axes."""
    fig = go.Figure()
    for gi, (label, part) in enumerate(df.groupby("label", sort=False)):
        static = label == "static"
        fig.add_trace(
            go.Scatter(
                x=part["x"],
                y=part["y"],
                mode="markers",
                name=_escape(label),
                marker=dict(
                    size=18 if static else 12,
                    symbol="star" if static else "circle",
                    color="#212529" if static else COLOURS[gi % len(COLOURS)],
                ),
                customdata=[_escape(t) for t in part["text"]],
                hovertemplate="%{customdata}<br>x %{x:.3f}, y %{y:.3f}<extra></extra>",
            )
        )
    base_layout(fig, height=460)
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title)
    return fig
