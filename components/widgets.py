"""Small reusable widgets: the neighbours table and notes."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from core.neighbours import SCORE_NAMES, Neighbour

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def plain(text: object) -> str:
    """User text made safe to put inside Streamlit markdown (titles, captions, messages): every
    markdown character is backslash-escaped, so "**x**" or ":red[x]" shows as typed."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def neighbours_table(
    neighbours: Sequence[Neighbour],
    texts: Sequence[str],
    labels: Sequence[str],
    metric: str,
    *,
    key: str | None = None,
) -> None:
    """Ranked neighbours with their scores (text shown as text, never as HTML)."""
    df = pd.DataFrame(
        {
            "#": range(1, len(neighbours) + 1),
            "item": [texts[n.index] for n in neighbours],
            "group": [labels[n.index] for n in neighbours],
            SCORE_NAMES[metric]: [round(n.score, 4) for n in neighbours],
        }
    )
    # A plain table: readable text (for people and for the browser test), escaped by Streamlit.
    df[SCORE_NAMES[metric]] = df[SCORE_NAMES[metric]].map(lambda v: f"{v:.3f}")
    st.table(df.set_index("#"))


def notes(items: Sequence[str]) -> None:
    for note in items:
        st.info(note, icon=":material/info:")
