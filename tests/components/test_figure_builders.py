"""components.figures: builders checked by structure (trace types, point counts, ids, hover text)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from components.figures import (
    HIGHLIGHT,
    TEXT_LABELS_UP_TO,
    WEBGL_FROM,
    analogy_picture,
    context_scatter,
    focus_window,
    heatmap,
    ranked_bars,
    scatter_map,
)


def coords(n: int, dims: int = 2, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, dims)).astype(np.float32)


def group_traces(fig: go.Figure) -> list:
    return [t for t in fig.data if t.name not in ("highlighted", "selected")]


def rows_and_texts(fig: go.Figure) -> dict[int, str]:
    out = {}
    for t in group_traces(fig):
        for row, text in t.customdata:
            out[int(row)] = text
    return out


def test_one_trace_per_group_and_every_row_once():
    texts = ["cat", "dog", "swim", "dive", "code", "java"]
    groups = ["animal", "animal", "water", "water", "code", "code"]
    fig = scatter_map(coords(6), texts, groups)
    assert [t.name for t in fig.data] == ["animal", "water", "code"]
    assert all(isinstance(t, go.Scatter) for t in fig.data)
    assert [len(t.x) for t in fig.data] == [2, 2, 2]
    assert rows_and_texts(fig) == dict(enumerate(texts))


def test_customdata_row_ids_follow_the_rows_when_groups_interleave():
    texts = [f"w{i}" for i in range(7)]
    groups = ["a", "b", "a", "c", "b", "a", "c"]
    c = coords(7)
    fig = scatter_map(c, texts, groups)
    for trace in fig.data:
        rows = [int(r) for r, _ in trace.customdata]
        assert all(groups[r] == trace.name for r in rows)
        # each point sits at its own row's coordinates
        np.testing.assert_allclose(trace.x, c[rows, 0])
        np.testing.assert_allclose(trace.y, c[rows, 1])


@pytest.mark.parametrize(
    ("n", "cls"),
    [(WEBGL_FROM - 1, go.Scatter), (WEBGL_FROM, go.Scattergl), (2500, go.Scattergl)],
)
def test_webgl_from_a_thousand_points(n, cls):
    fig = scatter_map(
        coords(n), [f"w{i}" for i in range(n)], ["g"] * n, highlight=[1, 2], selected=0
    )
    assert {type(t) for t in fig.data} == {cls}
    assert sum(len(t.x) for t in group_traces(fig)) == n


def test_3d_maps_use_scatter3d_for_every_layer():
    fig = scatter_map(
        coords(12, 3),
        [f"w{i}" for i in range(12)],
        ["a"] * 6 + ["b"] * 6,
        highlight=[3, 4],
        selected=5,
    )
    assert [type(t) for t in fig.data] == [go.Scatter3d] * 4
    assert [t.name for t in fig.data] == ["a", "b", "highlighted", "selected"]
    assert all(t.z is not None for t in fig.data)
    assert fig.data[3].marker.symbol == "diamond"


def test_text_labels_only_up_to_the_limit():
    small = scatter_map(
        coords(TEXT_LABELS_UP_TO), ["w"] * TEXT_LABELS_UP_TO, ["g"] * TEXT_LABELS_UP_TO
    )
    big = scatter_map(
        coords(TEXT_LABELS_UP_TO + 1),
        ["w"] * (TEXT_LABELS_UP_TO + 1),
        ["g"] * (TEXT_LABELS_UP_TO + 1),
    )
    assert small.data[0].mode == "markers+text" and len(small.data[0].text) == TEXT_LABELS_UP_TO
    assert big.data[0].mode == "markers" and big.data[0].text is None


def test_user_text_is_escaped_in_labels_hover_and_legend():
    texts = ["<script>alert(1)</script>", "<b>bold</b>", "Tom & Jerry", "plain"]
    groups = ["<i>group</i>", "<i>group</i>", "x", "x"]
    fig = scatter_map(coords(4), texts, groups, highlight=[1], selected=0)
    shown = rows_and_texts(fig)
    assert shown[0] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert shown[1] == "&lt;b&gt;bold&lt;/b&gt;"
    assert shown[2] == "Tom &amp; Jerry"
    assert list(fig.data[0].text) == [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;b&gt;bold&lt;/b&gt;",
    ]
    assert fig.data[0].name == "&lt;i&gt;group&lt;/i&gt;"
    assert "&lt;i&gt;group&lt;/i&gt;" in fig.data[0].hovertemplate
    layers = {t.name: t for t in fig.data}
    assert [c[1] for c in layers["highlighted"].customdata] == ["&lt;b&gt;bold&lt;/b&gt;"]
    assert [c[1] for c in layers["selected"].customdata] == [
        "&lt;script&gt;alert(1)&lt;/script&gt;"
    ]
    as_json = fig.to_json()
    for raw in ("<script>", "<b>bold", "<i>group"):
        assert raw not in as_json and raw.replace("<", "\\u003c") not in as_json


def test_highlight_and_selected_layers_carry_row_ids():
    fig = scatter_map(
        coords(10), [f"w{i}" for i in range(10)], ["g"] * 10, highlight=[2, 5, 7], selected=5
    )
    layers = {t.name: t for t in fig.data}
    # the selected row is not ringed as well
    assert [int(r) for r, _ in layers["highlighted"].customdata] == [2, 7]
    assert [int(r) for r, _ in layers["selected"].customdata] == [5]
    assert layers["selected"].marker.symbol == "star"


def test_no_layers_without_highlight_or_selection():
    fig = scatter_map(coords(5), list("abcde"), ["g"] * 5)
    assert [t.name for t in fig.data] == ["g"]


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


@pytest.mark.parametrize("n", [50, 2_000])  # SVG and WebGL
def test_neighbour_rings_are_drawn_in_a_visible_colour(n):
    """An open circle takes its outline colour from marker.color: transparent hid every ring."""
    fig = scatter_map(coords(n), [f"w{i}" for i in range(n)], ["g"] * n, highlight=[1, 2])
    ring = next(t for t in fig.data if t.name == "highlighted")
    assert ring.marker.symbol == "circle-open"
    assert ring.marker.color == HIGHLIGHT
    assert ring.marker.line.width >= 2


def test_the_ninety_words_eighteen_groups_get_eighteen_different_colours():
    groups = [f"group {i}" for i in range(18)]
    fig = scatter_map(coords(18), [f"w{i}" for i in range(18)], groups)
    colours = [t.marker.color for t in group_traces(fig)]
    assert len(colours) == 18 and len(set(colours)) == 18


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


def test_focus_window_centres_the_pick_and_holds_its_near_neighbours():
    xy = np.array([[0.0, 0.0], [100.0, 50.0], [10.0, 5.0], [12.0, 4.0], [11.0, 6.0]])
    (x0, x1), (y0, y1) = focus_window(xy, [2, 3, 4])
    assert (x0 + x1) / 2 == 10.0 and (y0 + y1) / 2 == 5.0  # the pick in the middle
    assert x0 < 11 < 12 < x1 and y0 < 4 < 6 < y1  # its neighbours inside
    assert x1 - x0 <= 0.3 * 100 + 1e-9  # still a close-up of the whole map


def test_focus_window_stays_a_close_up_when_a_neighbour_is_far_away():
    xy = np.array([[0.0, 0.0], [100.0, 100.0], [50.0, 50.0]])
    (x0, x1), (y0, y1) = focus_window(xy, [2, 0])  # neighbour 0 at the far corner
    assert x1 - x0 == pytest.approx(30) and y1 - y0 == pytest.approx(30)
    (x0, x1), _ = focus_window(xy, [2])  # alone: the smallest window, not a zero-width one
    assert x1 - x0 == pytest.approx(4)


def test_a_map_zoomed_to_a_pick_opens_on_it_and_the_whole_map_without():
    xy = coords(2_000)
    fig = scatter_map(xy, [f"w{i}" for i in range(2_000)], ["g"] * 2_000, zoom_to=[5, 6, 7])
    x0, x1 = fig.layout.xaxis.range
    assert x0 < xy[5, 0] < x1 and x1 - x0 < np.ptp(xy[:, 0])
    plain_fig = scatter_map(xy, [f"w{i}" for i in range(2_000)], ["g"] * 2_000)
    assert plain_fig.layout.xaxis.range is None


def test_heatmap_axis_labels_are_short_and_the_hover_has_them_whole():
    long = "money: She opened a savings account at the bank"
    fig = heatmap(np.eye(2), [long, "river: by the bank"])
    assert list(fig.data[0].y) == [long, "river: by the bank"]  # hover: %{y}
    assert list(fig.layout.yaxis.ticktext) == [
        "money: She opened a savings…",
        "river: by the bank",
    ]
    assert all(len(t) <= 28 for t in fig.layout.xaxis.ticktext)
