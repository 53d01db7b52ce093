"""User text in the plotly figures: as typed (no tags, no TeX), shortened on axes and legends,
whole but wrapped in the hover."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pytest

from components.figures import analogy_picture, context_scatter, heatmap, ranked_bars
from tests.hostile import HOSTILE, LONG

TAG = re.compile(r"<(?!br>)")  # any tag but the line breaks the hover is wrapped with
CUT_ENTITY = re.compile(r"&(?!amp;|lt;|gt;|#36;)")


def shown(texts) -> list[str]:
    return [str(t) for t in texts]


def assert_as_text(texts):
    for t in shown(texts):
        assert not TAG.search(t), t
        assert not CUT_ENTITY.search(t), t
        assert "$" not in t, t


def test_heatmap_of_the_hostile_corpus_names_every_row_as_text():
    n = len(HOSTILE)
    fig = heatmap(np.eye(n), HOSTILE)
    trace = fig.data[0]
    assert len(set(trace.x)) == n  # no two rows merged
    assert_as_text(trace.x)
    assert_as_text(fig.layout.xaxis.ticktext)
    assert all(len(html.unescape(t)) <= 28 for t in fig.layout.xaxis.ticktext)


def test_heatmap_axis_label_of_escaped_text_is_never_cut_inside_an_entity():
    fig = heatmap(np.eye(2), ["<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "b"])
    tick = fig.layout.yaxis.ticktext[0]
    assert tick == "&lt;" * 27 + "…", tick  # it showed "&lt…"


def test_heatmap_hover_of_a_long_item_wraps():
    fig = heatmap(np.eye(2), [LONG, "short"])
    lines = fig.data[0].y[0].split("<br>")
    assert len(lines) > 3 and all(len(line) <= 80 for line in lines)
    assert fig.data[0].y[1] == "short"
    assert len(fig.layout.yaxis.ticktext[0]) <= 28


def test_heatmap_rows_that_shorten_alike_stay_apart():
    a, b = "x" * 700 + " one", "x" * 700 + " two"  # the hover shows the first 320 characters
    trace = heatmap(np.eye(2), [a, b]).data[0]
    assert trace.x[0] != trace.x[1]


def test_ranked_bars_show_long_documents_short_on_the_axis_and_whole_on_hover():
    fig = ranked_bars([(LONG, 0.9), ("$x^2$ <b>b</b>", 0.5)])
    bar = fig.data[0]
    assert_as_text(bar.y)
    assert_as_text(fig.layout.yaxis.ticktext)
    assert len(fig.layout.yaxis.ticktext[0]) <= 64
    assert list(fig.layout.yaxis.tickvals) == list(bar.y)
    assert bar.y[1] == "&#36;x^2&#36; &lt;b&gt;b&lt;/b&gt;"
    assert len(bar.y[0].split("<br>")) > 3


@pytest.mark.parametrize("word", ["<b>king</b>", "$x$", LONG])
def test_analogy_picture_labels_are_text(word):
    fig = analogy_picture(
        np.eye(4)[:, :2], ["man", word, "woman", "queen"], ["a", "b", "c", "answer"]
    )
    assert_as_text(fig.data[1].text)
    assert len(fig.data[1].text[0]) <= 40
    assert_as_text(fig.data[1].customdata)


def test_context_scatter_titles_and_legend_are_text():
    df = pd.DataFrame(
        {"label": ["<b>g</b>", LONG], "text": ["$a$", LONG], "x": [0.1, 0.2], "y": [0.2, 0.1]}
    )
    fig = context_scatter(df, x_title="similarity to “<i>river</i>”", y_title="$money$")
    assert fig.layout.xaxis.title.text == "similarity to “&lt;i&gt;river&lt;/i&gt;”"
    assert fig.layout.yaxis.title.text == "&#36;money&#36;"
    assert_as_text(t.name for t in fig.data)
    assert len(fig.data[1].name) <= 28
    assert_as_text(fig.data[0].customdata)
