"""Widget values kept across pages, and a page run that stops with a message."""

from __future__ import annotations

import streamlit as st

from components.text import plain

_PERSIST = "_frame_persist"
_KEPT = "_frame_kept"  # the last value of each persisted widget, in a key no widget owns


def persist(*keys: str) -> None:
    """Keep these widget values when the user switches pages (Streamlit drops the state of
    widgets that are not drawn; re-assigning it at the top of every run keeps it)."""
    kept = st.session_state.setdefault(_PERSIST, set())
    kept.update(keys)


def restore() -> None:
    """Re-assign each kept widget value (so Streamlit keeps it while its widget is not drawn),
    and bring back one Streamlit dropped anyway: after a fragment rerun (a click on the map), a
    switch of page lost the sidebar's dataset, so values are also kept under a key of ours."""
    kept = st.session_state.setdefault(_KEPT, {})
    for key in st.session_state.get(_PERSIST, ()):
        if key in st.session_state:
            kept[key] = st.session_state[key] = st.session_state[key]
        elif key in kept:
            st.session_state[key] = kept[key]


def fail(message: str) -> None:
    """A user-facing error, then stop this run (what the user entered stays in its widgets)."""
    st.error(plain(message), icon=":material/error:")
    st.stop()
