"""The Directions page's WEAT section (Caliskan, Bryson & Narayanan 2017): four word sets, the
test statistic, the effect size and a one-sided permutation p-value, with the null distribution
drawn and the observed statistic marked. The maths is core.weat."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from components import resources
from components.figures import base_layout
from components.text import plain, short
from core import directions
from core.errors import ExplorerError
from core.weat import WeatResult, weat, weat_words

# Caliskan et al. (2017), WEAT 1: flowers and insects × pleasant and unpleasant.
PRESET = {
    "weat_x": "aster clover hyacinth marigold poppy azalea crocus iris orchid rose daffodil lilac "
    "pansy tulip magnolia daisy lily violet",
    "weat_y": "ant caterpillar flea locust spider bedbug centipede fly maggot tarantula bee "
    "cockroach gnat mosquito termite beetle cricket hornet moth wasp",
    "weat_a": "caress freedom health love peace cheer friend heaven loyal pleasure diamond gentle "
    "honest lucky rainbow diploma gift honor miracle sunrise",
    "weat_b": "abuse crash filth murder sickness accident death grief poison stink assault "
    "disaster hatred pollute tragedy bomb divorce jail poverty ugly",
}
LABELS = {
    "weat_x": "Targets X",
    "weat_y": "Targets Y",
    "weat_a": "Attributes A",
    "weat_b": "Attributes B",
}


def _words(text: str) -> list[str]:
    return [w for w in text.replace(",", " ").split() if w]


def section(model_name: str, direction: directions.Direction | None = None) -> None:
    st.subheader("Is one set of words closer to one idea than another? (WEAT)")
    st.caption(
        "The test of Caliskan, Bryson & Narayanan (2017). It starts on their first test, "
        "flowers and insects against pleasant and unpleasant words; edit the four sets freely "
        "(words separated by spaces or commas)."
    )
    for key, value in PRESET.items():
        st.session_state.setdefault(key, value)
    cols = st.columns(4)
    for col, key in zip(cols, PRESET, strict=True):
        col.text_area(LABELS[key], key=key, height=160)
    sets = [_words(st.session_state[k]) for k in PRESET]
    try:
        result = weat_words(resources.model(model_name), *sets)
    except ExplorerError as exc:
        st.error(plain(str(exc)), icon=":material/error:")
        return
    _numbers(result)
    st.plotly_chart(null_figure(result), key="weat_null")
    if direction is not None and st.toggle(
        "Remove the direction above from every vector, then test again (hard debias)",
        key="weat_debias",
    ):
        _without(model_name, result, direction)


def _without(model_name: str, before: WeatResult, direction: directions.Direction) -> None:
    """The same test on vectors with the direction taken out, beside the first result."""
    mats = [
        directions.remove(resources.encode(model_name, before.words[k]), direction)
        for k in ("X", "Y", "A", "B")
    ]
    try:
        after = weat(*mats)
    except ExplorerError as exc:
        st.error(plain(str(exc)), icon=":material/error:")
        return
    c1, c2 = st.columns(2)
    c1.metric("Effect size d before", f"{before.effect_size:.2f}")
    c2.metric(
        "Effect size d with the direction removed", f"{after.effect_size:.2f}",
        delta=f"{after.effect_size - before.effect_size:+.2f}", delta_color="off",
    )  # fmt: skip
    st.caption(f"With the direction removed: {_p_text(after)}.")


def _p_text(r: WeatResult) -> str:
    if r.p_value == 0:
        return f"p < {1 / r.n_partitions:.0e}" if not r.exact else f"p < 1/{r.n_partitions:,}"
    return f"p = {r.p_value:.4f}" if r.p_value >= 0.001 else f"p = {r.p_value:.1e}"


def _numbers(r: WeatResult) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric("Effect size d", f"{r.effect_size:.2f}")
    c2.metric("Test statistic S", f"{r.statistic:.3f}")
    c3.metric("One-sided p", _p_text(r).removeprefix("p = ").removeprefix("p "))
    how = (
        f"all {r.n_partitions:,} equal-size splits of X ∪ Y"
        if r.exact
        else f"{r.n_partitions:,} random equal-size splits of X ∪ Y (seeded)"
    )
    st.caption(
        f"**d** is the difference of X's and Y's mean association with A rather than B, in "
        f"standard deviations of that association over all target words (sample standard "
        f"deviation, as in the paper); about 0.2 is small, 0.8 large. **p** is the share of {how} "
        "whose statistic is larger than the observed one. Sets used: "
        + ", ".join(f"{k} {n}" for k, n in r.sizes.items())
        + "."
    )
    for k, words in r.dropped.items():
        if not words:
            continue
        st.info(
            f"Not in the model, left out of {k}: "
            + ", ".join(plain(short(w, 30)) for w in words[:20]),
            icon=":material/info:",
        )
    for k, words in r.trimmed.items():
        if words:
            st.info(f"Left out of {k} to keep X and Y the same size: {plain(', '.join(words))}.")


def null_figure(r: WeatResult) -> go.Figure:
    """The statistic of every split tried, with the observed one marked."""
    fig = go.Figure(
        go.Histogram(x=np.asarray(r.null), nbinsx=60, marker_color="#9aa5b1", name="splits")
    )
    fig.add_vline(x=r.statistic, line_color="#c62828", line_width=3)
    fig.add_annotation(
        x=r.statistic, y=1, yref="paper", text=f"observed S = {r.statistic:.3f}", showarrow=False,
        xanchor="right", font={"color": "#c62828"},
    )  # fmt: skip
    base_layout(fig, height=300)
    fig.update_layout(
        xaxis_title="S of a random split of X ∪ Y", yaxis_title="splits", showlegend=False
    )
    return fig
