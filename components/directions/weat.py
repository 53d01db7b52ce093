"""The Directions page's WEAT section (Caliskan, Bryson & Narayanan 2017): four word sets, the
test statistic, the effect size and a one-sided permutation p-value, with the null distribution
drawn and the observed statistic marked. A select box fills the sets with one of the paper's ten
tests (core.directions.weat_lists) and puts its published figures beside ours. The maths is core.directions.weat."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from components import resources
from components.chart_config import picture
from components.figures import base_layout
from components.text import plain, short
from core import directions
from core.directions.weat import WeatResult, weat, weat_words
from core.directions.weat_lists import STANDARD, WeatTest
from core.errors import ExplorerError
from core.models.registry import GLOVE

KEYS = ("weat_x", "weat_y", "weat_a", "weat_b")
TEST_KEY = "weat_test"
FILLED = "_weat_filled_for"  # the test whose words the four boxes were last given
DEFAULT_TEST = "weat1"
OWN = "own"  # the select box's entry for the user's own sets
LABELS = {
    "weat_x": "Targets X",
    "weat_y": "Targets Y",
    "weat_a": "Attributes A",
    "weat_b": "Attributes B",
}


def texts(test: WeatTest) -> dict[str, str]:
    """The four text areas' contents for a standard test, keyed by widget key."""
    return {key: " ".join(words) for key, words in zip(KEYS, test.sets, strict=True)}


PRESET = texts(STANDARD[DEFAULT_TEST])  # what the section opens on


def box_words(text: str) -> list[str]:
    return [w for w in text.replace(",", " ").split() if w]


def _on_test() -> None:
    """A standard test chosen: fill the four sets (only here, so edits survive reruns)."""
    chosen = st.session_state.get(TEST_KEY)
    if chosen in STANDARD:
        st.session_state.update(texts(STANDARD[chosen]))
        st.session_state[FILLED] = chosen


def _on_edit() -> None:
    """A set edited: it is no longer the published test, so say "your own sets"."""
    chosen = st.session_state.get(TEST_KEY)
    if chosen in STANDARD and any(
        box_words(st.session_state.get(k, "")) != box_words(v)
        for k, v in texts(STANDARD[chosen]).items()
    ):
        st.session_state[TEST_KEY] = OWN


def _current_test() -> str:
    """The chosen test. When its widget state was dropped (another page was open), the test
    whose words fill the sets, else "your own sets", so the labels never misname the sets."""
    if TEST_KEY not in st.session_state:
        shown = {k: box_words(st.session_state[k]) for k in KEYS}
        match = [
            key for key, t in STANDARD.items()
            if all(box_words(v) == shown[k] for k, v in texts(t).items())
        ]  # fmt: skip
        st.session_state[TEST_KEY] = match[0] if match else OWN
    return st.session_state[TEST_KEY]


def _title(key: str) -> str:
    return STANDARD[key].title if key in STANDARD else "Your own sets"


def section(model_name: str, direction: directions.Direction | None = None) -> None:
    st.subheader("Is one set of words closer to one idea than another? (WEAT)")
    st.caption(
        "The test of Caliskan, Bryson & Narayanan (2017). Pick one of their ten tests, with "
        "their published word lists, or edit the four sets freely (words separated by spaces "
        "or commas)."
    )
    for key, value in PRESET.items():
        st.session_state.setdefault(key, value)
    chosen = _current_test()
    if chosen in STANDARD and st.session_state.get(FILLED) != chosen:  # a link or a saved view
        st.session_state.update(texts(STANDARD[chosen]))  # named it: its own words, never others'
    st.session_state[FILLED] = chosen
    st.selectbox("Test", [*STANDARD, OWN], key=TEST_KEY, format_func=_title, on_change=_on_test)
    test = STANDARD.get(chosen)
    cols = st.columns(4)
    for i, (col, key) in enumerate(zip(cols, KEYS, strict=True)):
        label = f"{LABELS[key]}: {test.names[i]}" if test else LABELS[key]
        col.text_area(label, key=key, height=160, on_change=_on_edit)
    if test and test.note:
        st.caption(plain(test.note))
    sets = [box_words(st.session_state[k]) for k in KEYS]
    try:
        result = weat_words(resources.model(model_name), *sets)
    except ExplorerError as exc:
        st.error(plain(str(exc)), icon=":material/error:")
        return
    _numbers(result)
    if test:
        _published(test, result, model_name)
    st.plotly_chart(null_figure(result), key="weat_null", config=picture("weat_null"))
    if direction is not None and st.toggle(
        "Remove the direction above from every vector, then test again (hard debias)",
        key="weat_debias",
    ):
        _without(model_name, result, direction)


def _published(test: WeatTest, r: WeatResult, model_name: str) -> None:
    """The paper's figures beside ours, and why they differ."""
    ours = "GloVe 6B (6 billion tokens, 50 dimensions)" if model_name == GLOVE else model_name
    st.caption(
        f"**Published** (Caliskan et al. 2017, Table 1): d = {test.published_d:.2f}, "
        f"p {test.published_p_text}; "
        f"**here**: d = {r.effect_size:.2f}, {_p_text(r)}. They used GloVe trained on 840 "
        f"billion tokens of Common Crawl (300 dimensions); this is {plain(ours)}, so the "
        "figures need not match; the sign (which way the association runs) is the thing to "
        "compare."
    )


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
