"""The clusters panel under the map: every cluster of a level with its name, size, share,
quality, typical items and keywords. Picking one selects its items (ringed, the Selection panel
opens with them) and offers to zoom to it and to rename it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from components.frame.items import Items
from components.map.clusters import LEVELS, RENAMED, Found, name_of, rename_key
from components.text import plain, short
from core.keys import digest

LEVEL, TABLE, ZOOM = "map_cluster_level", "map_cluster_table", "map_zoom_to"
PICK, CHOSEN = "map_cluster_pick", "_map_cluster_chosen"


def panel(items: Items, found: Found, coords: np.ndarray) -> None:
    """Drawn in the map's fragment: a pick here reruns only the map area."""
    count = len(found.levels)
    level = 0
    with st.expander(f"Clusters ({', '.join(str(len(d)) for d in found.described)} by level)",
                     expanded=False):  # fmt: skip
        if count > 1:
            st.session_state.setdefault(LEVEL, 0)
            if st.session_state[LEVEL] not in range(count):
                st.session_state[LEVEL] = 0
            level = st.segmented_control(
                "Level", list(range(count)), key=LEVEL, format_func=lambda i: LEVELS[i],
                help="Coarse clusters are named at the full view; zoom in for the finer names.",
            )  # fmt: skip
            level = 0 if level is None else level
        clusters = found.described[level]
        if not clusters:
            st.caption("No cluster at this level.")
            return
        labels = found.levels[level]
        _table(items, clusters, level, labels)
        picked = _choice(clusters, level, labels)
        if picked is not None:
            _picked(items, clusters[picked], coords, labels)


def _members(labels: np.ndarray, label: int) -> list[int]:
    return [int(i) for i in np.flatnonzero(labels == label)]


def _select(level: int, clusters, labels: np.ndarray, index: int | None) -> None:
    """A cluster chosen (before the rerun it makes, so the map rings it at once): its items
    become the selection; the list below the table shows it."""
    st.session_state[f"{CHOSEN}_{level}"] = index
    if index is not None:
        st.session_state["map_lasso"] = _members(labels, clusters[index].label)


def _on_table(level: int, clusters, labels: np.ndarray) -> None:
    event = st.session_state.get(f"{TABLE}_{level}")
    rows = event.selection.rows if event is not None and event.selection else []
    _select(level, clusters, labels, rows[0] if rows else None)


def _on_pick(key: str, level: int, clusters, labels: np.ndarray) -> None:
    _select(level, clusters, labels, st.session_state.get(key))


def _choice(clusters, level: int, labels: np.ndarray) -> int | None:
    """The cluster chosen: a row clicked in the table, or picked in the list below it (which
    follows the table's clicks). The list's key names the names it lists, so a rename draws it
    anew with the same choice."""
    options = [None, *range(len(clusters))]
    chosen = st.session_state.get(f"{CHOSEN}_{level}")
    chosen = chosen if chosen in options else None
    names = [name_of(c) for c in clusters]
    key = f"{PICK}_{level}_{digest(names, size=4)}"
    return st.selectbox(
        "Select a cluster", options, index=options.index(chosen), key=key, on_change=_on_pick,
        args=(key, level, clusters, labels),
        format_func=lambda i: "select a cluster…" if i is None
        else f"{short(names[i], 60)} ({clusters[i].size:,} items)",
    )  # fmt: skip


def _table(items: Items, clusters, level: int, labels: np.ndarray) -> None:
    held = sum(c.size for c in clusters)
    table = pd.DataFrame({
        "name": [name_of(c) for c in clusters],
        "items": [c.size for c in clusters],
        "share": [c.share for c in clusters],
        "quality": [c.quality for c in clusters],
        "typical items": [" · ".join(short(items.texts[i], 40) for i in c.typical) for c in clusters],
        "keywords": [", ".join(c.keywords) for c in clusters],
    })  # fmt: skip
    rest = "; the rest are noise (grey)" if held < len(items.texts) else ""
    st.caption(
        f"{len(clusters)} clusters hold {held:,} of {len(items.texts):,} items{rest}. "
        "**Quality**: the share of a cluster's items nearer its name than any other name. Pick a "
        "row to select its items."
    )
    st.dataframe(
        table, hide_index=True, on_select=lambda: _on_table(level, clusters, labels),
        selection_mode="single-row", key=f"{TABLE}_{level}", height=min(360, 38 + 35 * len(table)),
        column_config={
            "share": st.column_config.ProgressColumn("share", format="percent", min_value=0, max_value=1),
            "quality": st.column_config.NumberColumn("quality", format="percent"),
        },
    )  # fmt: skip


def _zoom(low: list[float], high: list[float]) -> None:
    nonce = int((st.session_state.get(ZOOM) or {}).get("nonce", 0)) + 1
    st.session_state[ZOOM] = {"low": low, "high": high, "nonce": nonce}


def _picked(items: Items, c, coords: np.ndarray, labels: np.ndarray) -> None:
    xy = coords[_members(labels, c.label)]
    c1, c2 = st.columns([1, 2], vertical_alignment="bottom")
    c1.button("Zoom to it", key="map_cluster_zoom", icon=":material/zoom_in:", on_click=_zoom,
              args=([float(x) for x in xy.min(axis=0)], [float(x) for x in xy.max(axis=0)]))  # fmt: skip
    key = f"map_cluster_rename_{c.level}_{c.label}"
    c2.text_input("Rename", value=name_of(c), key=key, max_chars=60, on_change=_rename,
                  args=(key, rename_key(c), c.name))  # fmt: skip
    st.caption(f"“{plain(short(name_of(c), 60))}”: {c.size:,} items; typical: "
               + " · ".join(f"“{plain(short(items.texts[i], 60))}”" for i in c.typical))  # fmt: skip


def _rename(key: str, cluster: str, found_name: str) -> None:
    names = dict(st.session_state.get(RENAMED) or {})
    new = (st.session_state.get(key) or "").strip()
    if new and new != found_name:
        names[cluster] = new
    else:
        names.pop(cluster, None)
    st.session_state[RENAMED] = names
