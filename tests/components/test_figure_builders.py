"""components.figures: builders checked by structure (trace types, point counts, ids, hover text)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from components.figures import (
    analogy_picture,
    context_scatter,
    heatmap,
    ranked_bars,
)


def coords(n: int, dims: int = 2, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, dims)).astype(np.float32)


def test_heatmap_shape_labels_and_scale():
    m = np.array([[1.0, 0.2, -0.1], [0.2, 1.0, 0.5], [-0.1, 0.5, 1.0]])
    fig = heatmap(m, ["<b>a</b>", "b", "c"])
    (trace,) = fig.data
    assert isinstance(trace, go.Heatmap)
    assert np.asarray(trace.z).shape == (3, 3)
    assert list(trace.x) == list(trace.y) == ["&lt;b&gt;a&lt;/b&gt;", "b", "c"]
    assert (trace.zmin, trace.zmax) == (-1, 1)
    assert "cosine similarity" in trace.hovertemplate


def test_heatmap_for_distances_reverses_the_colours():
    d = np.array([[0.0, 1.5], [1.5, 0.0]])
    fig = heatmap(d, ["a", "b"], metric="euclidean")
    assert fig.data[0].colorscale == go.Heatmap(colorscale="Viridis_r").colorscale
    assert "distance" in fig.data[0].hovertemplate


def test_ranked_bars_keep_the_given_order_best_on_top():
    items = [("queen", 0.8524), ("throne", 0.7664), ("<b>prince</b>", 0.7592)]
    fig = ranked_bars(items, highlight=["queen"])
    (bar,) = fig.data
    assert isinstance(bar, go.Bar) and bar.orientation == "h"
    assert list(bar.y) == ["queen", "throne", "&lt;b&gt;prince&lt;/b&gt;"]
    assert list(bar.x) == [0.8524, 0.7664, 0.7592]
    assert list(bar.text) == ["0.852", "0.766", "0.759"]
    assert fig.layout.yaxis.autorange == "reversed"  # first item drawn at the top
    assert bar.marker.color[0] != bar.marker.color[1]  # the highlighted word stands out


def test_analogy_picture_draws_both_arrows():
    fig = analogy_picture(coords(4), ["man", "king", "woman", "queen"], ["a", "b", "c", "answer"])
    assert [t.name for t in fig.data] == ["a", "b", "c", "answer"]
    assert len(fig.layout.annotations) == 2


def test_context_scatter_one_trace_per_label_and_escaped_text():
    import pandas as pd

    df = pd.DataFrame(
        {
            "label": ["river", "money", "static"],
            "text": ["by the <b>bank</b>", "at the bank", "bank (GloVe)"],
            "x": [0.1, 0.2, 0.3],
            "y": [0.3, 0.2, 0.1],
        }
    )
    fig = context_scatter(df, x_title="river", y_title="money")
    assert [t.name for t in fig.data] == ["river", "money", "static"]
    assert list(fig.data[0].customdata) == ["by the &lt;b&gt;bank&lt;/b&gt;"]
    assert fig.data[2].marker.symbol == "star"


def test_heatmap_of_one_item_has_a_cosine_scale_that_ends_at_one():
    trace = heatmap(np.array([[1.0]]), ["only"]).data[0]
    assert (trace.zmin, trace.zmax) == (0, 1)
    trace = heatmap(np.array([[1.0, -0.2], [-0.2, 1.0]]), ["a", "b"]).data[0]
    assert (trace.zmin, trace.zmax) == (-1, 1)
    trace = heatmap(np.array([[1.0, 0.4], [0.4, 1.0]]), ["a", "b"]).data[0]
    assert trace.zmin is None  # fitted to the data, for contrast


def test_analogy_picture_gives_each_role_its_own_colour_and_keeps_labels_whole():
    fig = analogy_picture(coords(4), ["man", "king", "woman", "queen"], ["a", "b", "c", "answer"])
    colours = {t.name: t.marker.color for t in fig.data}
    assert len(set(colours.values())) == 4, colours
    assert all(t.cliponaxis is False for t in fig.data)


def test_heatmap_axis_labels_are_short_and_the_hover_has_them_whole():
    long = "money: She opened a savings account at the bank"
    fig = heatmap(np.eye(2), [long, "river: by the bank"])
    assert list(fig.data[0].y) == [long, "river: by the bank"]  # hover: %{y}
    assert list(fig.layout.yaxis.ticktext) == [
        "money: She opened a savings…",
        "river: by the bank",
    ]
    assert all(len(t) <= 28 for t in fig.layout.xaxis.ticktext)
