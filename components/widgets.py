"""Small reusable widgets: the neighbours table and notes."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from components.text import plain
from core.neighbours.exact import SCORE_NAMES, Neighbour

__all__ = ["neighbours_table", "notes", "plain"]  # plain: kept importable from here


def neighbours_table(
    neighbours: Sequence[Neighbour],
    texts: Sequence[str],
    labels: Sequence[str],
    metric: str,
    *,
    key: str | None = None,
) -> None:
    """Ranked neighbours with their scores, each text whole and shown as typed."""
    df = pd.DataFrame(
        {
            "#": range(1, len(neighbours) + 1),
            # st.table renders every cell as markdown: "**x**" would be bold, "$x$" a formula.
            "item": [plain(texts[n.index]) for n in neighbours],
            "group": [plain(labels[n.index]) for n in neighbours],
            SCORE_NAMES[metric]: [f"{n.score:.3f}" for n in neighbours],
        }
    )
    # A plain table: readable, wrapped text (for people and for the browser test).
    st.table(df.set_index("#"))


def notes(items: Sequence[str]) -> None:
    """Notes about the data; they may quote the user's items, so they are shown as typed."""
    for note in items:
        st.info(plain(note), icon=":material/info:")
