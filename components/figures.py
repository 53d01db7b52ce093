"""Plotly figure builders: data in, go.Figure out. One builder per chart kind, one base layout."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative

from components.text import hover, label, unique

# 24 colours that are told apart at a glance (Plotly then D3 repeated near-identical reds and
# purples among the 90 words' 18 groups), then more for larger label sets.
COLOURS = qualitative.Dark24 + qualitative.Light24
FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=13)
HIGHLIGHT = "#E8590C"
TICK_CHARS = 28  # a heatmap's axis labels: a few words (the hover has the text whole)
HEATMAP_HOVER_CHARS = 320  # a heatmap row's text in the hover, which names two rows
BAR_CHARS = 64  # a ranked bar's label: a short sentence whole, a long one cut


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


def heatmap(matrix: np.ndarray, labels: Sequence[str], *, metric: str = "cosine") -> go.Figure:
    """Pairwise similarity heatmap with exact values on hover."""
    # Each row and column is named by its text as the hover shows it (wrapped, up to four
    # lines: the hover shows two); the axes show it cut to a few words. Both as typed.
    names = unique([hover(t, most=HEATMAP_HOVER_CHARS) for t in labels])
    similar_high = metric != "euclidean"
    name = {"cosine": "cosine similarity", "dot": "dot product", "euclidean": "distance"}[metric]
    fig = go.Figure(
        go.Heatmap(
            z=matrix,
            x=names,
            y=names,
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
    ticks = dict(tickvals=names, ticktext=[label(t, TICK_CHARS) for t in labels], automargin=True)
    fig.update_yaxes(autorange="reversed", showticklabels=n <= 80, **ticks)
    fig.update_xaxes(showticklabels=n <= 80, tickangle=-45, **ticks)
    return fig


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
    names = unique([hover(w) for w, _ in items])  # what the hover shows, wrapped
    scores = [s for _, s in items]
    colours = [HIGHLIGHT if w in set(highlight) else COLOURS[0] for w, _ in items]
    fig = go.Figure(
        go.Bar(
            x=scores,
            y=names,
            orientation="h",
            marker_color=colours,
            text=[f"{s:.3f}" for s in scores],
            textposition="auto",
            hovertemplate="%{y}: %{x:.4f}<extra>" + label(score_name) + "</extra>",
        )
    )
    fig.update_yaxes(tickvals=names, ticktext=[label(w, BAR_CHARS) for w, _ in items])
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
                text=[label(words[i], TICK_CHARS) for i in rows],
                customdata=[hover(words[i]) for i in rows],
                textposition="top center",
                marker=dict(size=12 if role != "other" else 7, color=colours.get(role, "#495057")),
                hovertemplate="%{customdata}<extra>" + role + "</extra>",
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
    for gi, (name, part) in enumerate(df.groupby("label", sort=False)):
        static = name == "static"
        fig.add_trace(
            go.Scatter(
                x=part["x"],
                y=part["y"],
                mode="markers",
                name=label(name, TICK_CHARS),
                marker=dict(
                    size=18 if static else 12,
                    symbol="star" if static else "circle",
                    color="#212529" if static else COLOURS[gi % len(COLOURS)],
                ),
                customdata=[hover(t) for t in part["text"]],
                hovertemplate="%{customdata}<br>x %{x:.3f}, y %{y:.3f}<extra></extra>",
            )
        )
    base_layout(fig, height=460)
    fig.update_xaxes(title=label(x_title, 60))  # the titles quote the user's anchor words
    fig.update_yaxes(title=label(y_title, 60))
    return fig
