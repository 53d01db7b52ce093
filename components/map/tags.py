"""Tags: the rows of a selection (a lasso, a cluster, or the rows a filter keeps, selected) named
by the user. Tags are the dataset's own column ``tag``: coloured by, filtered on, exported with
every download, and kept across a reload (a tagged set is stored as the user's own, and a bundled
set tagged becomes the user's own copy)."""

from __future__ import annotations

import streamlit as st

from components.frame.items import CUSTOM, Items

TAG = "tag"
RETAGGED = "_map_retagged"
MAX_CHARS = 60


def tag_rows(items: Items, rows: list[int], name: str | None) -> None:
    """Give ``rows`` the tag ``name`` (None or blank: take their tag away). Call from a
    callback: the dataset changes before the widgets are drawn."""
    name = (name or "").strip()[:MAX_CHARS] or None
    tags = list(items.columns.get(TAG) or [None] * len(items.texts))
    for r in rows:
        if 0 <= r < len(tags):
            tags[r] = name
    if st.session_state.get("frame_dataset") == CUSTOM and CUSTOM in st.session_state:
        data = dict(st.session_state[CUSTOM])
    else:  # a bundled set: the user's own copy from now on (the sidebar says so)
        data = {"title": f"{items.title} · tagged", "texts": list(items.texts),
                "labels": list(items.labels), "vectors": None, "coords": None,
                "notes": [f"Your tagged copy of “{items.title}”."]}  # fmt: skip
    columns = {k: v for k, v in (data.get("columns") or items.columns).items() if k != TAG}
    if any(t is not None for t in tags):
        columns[TAG] = tags
    data["columns"] = columns
    data.pop("stored", None)  # stored again (under its new content) on this run
    st.session_state[CUSTOM] = data
    st.session_state["frame_dataset"] = CUSTOM
    st.session_state[RETAGGED] = True  # the whole page follows (the button is in a fragment)


def controls(items: Items, rows: list[int]) -> None:
    """Under the Selection: tag its rows, take their tags away, or every tag of the set."""
    if st.session_state.pop(RETAGGED, False):
        st.rerun()  # the sidebar, the stored copy and the address take the new column too
    c1, c2, c3, c4 = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
    name = c1.text_input("Tag the selection", key="map_tag_name", max_chars=MAX_CHARS,
                         placeholder="a name, e.g. “refund asked”")  # fmt: skip
    c2.button("Tag them", key="map_tag_add", disabled=not (name or "").strip(),
              on_click=lambda: tag_rows(items, rows, name))  # fmt: skip
    tagged = items.columns.get(TAG)
    c3.button("Untag them", key="map_tag_remove", disabled=not tagged,
              on_click=lambda: tag_rows(items, rows, None))  # fmt: skip
    c4.button("Remove every tag", key="map_tag_clear", disabled=not tagged,
              on_click=lambda: tag_rows(items, list(range(len(items.texts))), None))  # fmt: skip
