"""Rows chosen on one page and shown on another: a lasso on the Map opens in the heatmap, and the
Map's named clusters order it."""

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


def map_clusters(items: Items) -> list[int] | None:
    """Each item's coarse cluster on the Map, when the Map last drew this set with clusters
    (``items``: each text once, as this page and the Map's points have them)."""
    shown = st.session_state.get("map_shown") or {}
    found = shown.get("clusters")  # told in the Map's rows; its first row per text names it
    if found is None or shown.get("points") != texts_key(items.texts):
        return None
    return [int(x) for x in found.levels[0][shown["first_rows"]]]


def by_cluster(order: list[int], labels: list[int]) -> list[int]:
    """``order`` regrouped cluster by cluster (noise last), keeping its order inside each."""
    last = max(labels) + 1
    return sorted(order, key=lambda i: labels[i] if labels[i] >= 0 else last)


SEARCHED = "map_search_rows"  # Search's "Show them on the map": {"for", "rows", "query"}


def searched(items: Items) -> tuple[list[int], str] | None:
    """The rows Search sent to the Map for this set, and its query (None when none)."""
    sent = st.session_state.get(SEARCHED)
    if not sent or sent.get("for") != texts_key(items.texts):
        return None
    rows = [r for r in sent.get("rows", []) if 0 <= r < len(items.texts)]
    return (rows, str(sent.get("query", ""))) if rows else None


def forget_searched() -> None:
    st.session_state[SEARCHED] = None
