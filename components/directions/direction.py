"""The Directions page's pieces: how the direction is made (two words, pairs, two sets or a typed
formula), which items are measured, and the ranked strip from one pole to the other."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from components import resources
from components.figures import base_layout
from components.text import hover, label, plain
from core import directions
from core.directions import word_lists
from core.directions.formula import combine, parse
from core.errors import InputError

KINDS = {"two": "2 words", "pairs": "pairs", "sets": "2 sets", "formula": "formula"}
GENDER_PAIRS = "he, she\nman, woman\nking, queen\nboy, girl\nhis, her\nfather, mother\nson, daughter\nbrother, sister"
SHORT_OCCUPATIONS = (
    "nurse\nengineer\ndoctor\nteacher\nhomemaker\nprogrammer\nreceptionist\narchitect\n"
    "librarian\ncarpenter\nhairdresser\nmechanic\nsecretary\npilot\ndancer\nfirefighter\n"
    "housekeeper\nsurgeon\nnanny\nplumber"
)  # fmt: skip
# Bolukbasi et al.'s 320 professions; their multiword ones ("cab_driver") as phrases.
PROFESSIONS = "\n".join(w.replace("_", " ") for w in word_lists.OCCUPATIONS)
ITEM_PRESETS = {  # button: (list, help)
    "20 occupations": (SHORT_OCCUPATIONS, "Twenty everyday occupations."),
    "320 professions": (
        PROFESSIONS,
        "The professions list of Bolukbasi et al. (2016), as published; GloVe lacks its 29 "
        "multiword ones, which are then left out.",
    ),
}
LABELLED_UP_TO = 60  # items labelled on the strip; more: both ends only


def encoder(name: str):
    """A function from texts to vectors under the current model (unknown words raise)."""
    return lambda texts: resources.encode(name, [t.strip() for t in texts])


def known(name: str, kind: str, texts: Sequence[str]) -> tuple[list[str], list[str]]:
    """(texts the model has, texts it lacks): a word model lacks some words, a sentence model none."""
    if kind != "word":
        return list(texts), []
    rows, missing = resources.model(name).lookup(list(texts))
    return [t for t, r in zip(texts, rows, strict=True) if r is not None], missing


def box_lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def box_pairs(text: str) -> tuple[list[str], list[str]]:
    first, second = [], []
    for i, line in enumerate(box_lines(text), 1):
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 2 or not all(parts):
            raise InputError(f"Line {i} of the pairs is not two items joined by a comma: “{line}”.")
        first.append(parts[0])
        second.append(parts[1])
    return first, second


def item_presets() -> None:
    """Buttons that fill the items' list with a preset."""

    def fill(text: str) -> None:
        st.session_state["dir_items"] = text

    for col, (i, (title, (text, why))) in zip(
        st.columns(len(ITEM_PRESETS)), enumerate(ITEM_PRESETS.items()), strict=True
    ):
        col.button(title, key=f"dir_items_preset_{i}", on_click=fill, args=(text,), help=why,
                   width="stretch")  # fmt: skip


def direction_controls() -> tuple[str, str, str]:
    """The direction's kind and its two poles' names, read from the widgets."""
    for key, value in {
        "dir_kind": "pairs", "dir_a": "he", "dir_b": "she", "dir_pairs": GENDER_PAIRS,
        "dir_set_a": "rich\nwealthy\naffluent", "dir_set_b": "poor\nimpoverished\nneedy",
        "dir_formula": "avg(he, man, his) - avg(she, woman, her)",
    }.items():  # fmt: skip
        st.session_state.setdefault(key, value)
    kind = st.segmented_control(
        "Make the direction from", list(KINDS), format_func=KINDS.get, key="dir_kind"
    ) or "pairs"  # fmt: skip
    if kind == "two":
        c1, c2 = st.columns(2)
        return kind, c1.text_input("From", key="dir_b"), c2.text_input("Towards", key="dir_a")
    if kind == "pairs":
        st.text_area("Pairs, one per line: towards, from", key="dir_pairs", height=180)
        try:  # the poles' names; a bad line is said by make_direction
            first, second = box_pairs(st.session_state["dir_pairs"])
        except InputError:
            first, second = [], []
        return (
            kind,
            " / ".join(second[:2]) or "second words",
            " / ".join(first[:2]) or "first words",
        )
    if kind == "sets":
        c1, c2 = st.columns(2)
        c1.text_area("From this set (one per line)", key="dir_set_b", height=120)
        c2.text_area("Towards this set", key="dir_set_a", height=120)
        return (kind, " / ".join(box_lines(st.session_state["dir_set_b"])[:2]) or "the first set",
                " / ".join(box_lines(st.session_state["dir_set_a"])[:2]) or "the second set")  # fmt: skip
    st.text_input("Direction formula (words, + and -, weights, avg(…))", key="dir_formula")
    return kind, *_formula_poles(st.session_state["dir_formula"])


def _formula_poles(text: str) -> tuple[str, str]:
    """A formula's two ends named by its words: (the subtracted ones, the added ones)."""
    try:
        weights = parse(text)
    except InputError:
        return "−", "+"
    minus = [w for w, v in weights.items() if v < 0][:2]
    plus = [w for w, v in weights.items() if v > 0][:2]
    return " / ".join(minus) or "−", " / ".join(plus) or "+"


def make_direction(kind: str, name: str) -> directions.Direction:
    """The direction the widgets describe; InputError (shown by the page) for a bad one."""
    enc = encoder(name)
    ss = st.session_state
    if kind == "two":
        a, b = ss["dir_a"].strip(), ss["dir_b"].strip()
        if not a or not b:
            raise InputError("Type both words: the direction goes from the first to the second.")
        return directions.from_two(*enc([a, b]))
    if kind == "pairs":
        first, second = box_pairs(ss["dir_pairs"])
        return directions.from_pairs(enc(first), enc(second))
    if kind == "sets":
        a, b = box_lines(ss["dir_set_a"]), box_lines(ss["dir_set_b"])
        if not a or not b:
            raise InputError("Both sets need at least one item.")
        return directions.from_sets(enc(a), enc(b))
    vector = combine(parse(ss["dir_formula"]), enc)
    return directions.from_two(vector, np.zeros_like(vector))


def second_direction(name: str) -> tuple[str, directions.Direction] | None:
    """An optional second direction, typed as a formula, for a 2D "semantic axes" scatter."""
    st.session_state.setdefault("dir_y_formula", "rich - poor")
    if not st.toggle("Add a second direction (a 2D scatter)", key="dir_second"):
        return None
    text = st.text_input(
        "Second direction (a formula: words, + and -, weights, avg(…))", key="dir_y_formula"
    )
    vector = combine(parse(text), encoder(name))
    return text, directions.from_two(vector, np.zeros_like(vector))


def axes(texts: Sequence[str], x: np.ndarray, y: np.ndarray, xname: str, yname: str) -> go.Figure:
    """Items placed by their cosines with two directions (x: the first, y: the second)."""
    fig = go.Figure(
        go.Scatter(
            x=x, y=y, mode="markers+text" if len(texts) <= LABELLED_UP_TO else "markers",
            text=[label(t, 24) for t in texts], textposition="top center",
            hovertext=[hover(t) for t in texts], hoverinfo="text+x+y", showlegend=False,
            marker={"size": 8, "color": "#4c78a8"},
        )
    )  # fmt: skip
    base_layout(fig, height=520)
    fig.update_layout(
        xaxis={"title": label(xname, 60), "zeroline": True, "range": _padded(x, 0.15)},
        yaxis={"title": label(yname, 60), "zeroline": True, "range": _padded(y, 0.1)},
    )
    return fig


def _padded(values: np.ndarray, share: float) -> list[float]:
    """An axis range with room on both sides for the text labels, which plotly would clip."""
    lo, hi = (float(np.min(values)), float(np.max(values))) if len(values) else (-1.0, 1.0)
    pad = share * (hi - lo) + 0.02
    return [lo - pad, hi + pad]


def strip(texts: Sequence[str], scores: np.ndarray, low: str, high: str) -> go.Figure:
    """Items from one pole to the other: x is the cosine with the direction; labels on both
    ends (on every item for short lists), the whole text on hover."""
    order = np.argsort(scores)
    n = len(order)
    shown = set(order[:10]) | set(order[-10:]) if n > LABELLED_UP_TO else set(order)
    y = np.array([(i % 5) - 2 for i in range(n)], dtype=float)[np.argsort(order)]
    fig = go.Figure(
        go.Scatter(
            x=scores, y=y, mode="markers+text",
            text=[label(t, 24) if i in shown else "" for i, t in enumerate(texts)],
            textposition="top center", marker={"size": 9, "color": scores, "colorscale": "RdBu", "cmid": 0},
            hovertext=[hover(t) for t in texts], hoverinfo="text+x", showlegend=False,
        )
    )  # fmt: skip
    base_layout(fig, height=420)
    lo, hi = (float(scores.min()), float(scores.max())) if n else (-1.0, 1.0)
    pad = 0.12 * (hi - lo) + 0.02  # room for the end labels, which plotly would clip
    fig.update_layout(
        xaxis={
            "title": f"← {label(low, 40)}   ·   {label(high, 40)} →",
            "zeroline": True,
            "range": [lo - pad, hi + pad],
        },  # fmt: skip
        yaxis={"visible": False, "range": [-3.2, 3.2]},
    )
    return fig


def ends(texts: Sequence[str], scores: np.ndarray, low: str, high: str, k: int = 10) -> None:
    """Both ends of the strip as lists: the items leaning most to each pole (only those on its
    side of 0)."""
    order = np.argsort(scores)
    c1, c2 = st.columns(2)
    for col, pole, rows in (
        (c1, low, [i for i in order[:k] if scores[i] < 0]),
        (c2, high, [i for i in order[::-1][:k] if scores[i] > 0]),
    ):
        col.markdown(f"**Leaning most towards {plain(pole)}**")
        if not rows:
            col.caption("No item leans this way.")
            continue
        col.table({"item": [plain(texts[i]) for i in rows],
                   "cosine": [f"{scores[i]:.3f}" for i in rows]})  # fmt: skip
