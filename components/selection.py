"""Rows chosen on one page and shown on another: a lasso on the Map opens in the heatmap."""

from __future__ import annotations

import streamlit as st

from components.frame.items import Items
from core.keys import texts_key


def chosen_rows(items: Items, count: int) -> tuple[list[int], bool]:
    """The rows the Similarity heatmap shows, and whether they were chosen on the Map: those
    lassoed there ("open these in the heatmap", kept in ``sim_rows`` with the set they were
    chosen on), else the first ``count``."""
    chosen = st.session_state.get("sim_rows")
    if chosen and chosen.get("for") == texts_key(items.texts):
        rows = [r for r in chosen["rows"] if 0 <= r < len(items.texts)]
        if len(rows) >= 2:
            return rows, True
    return list(range(count)), False
