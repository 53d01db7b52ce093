"""The router workaround: app.py's ``st.navigation`` must be what runs, even for a first visit
that opens a page's address directly."""

from __future__ import annotations

import streamlit as st


def ensure_router() -> None:
    """Make sure app.py (page config, st.navigation) is what runs, even for a first visit that
    opens a page's address directly.

    Streamlit treats a folder named ``pages/`` beside the main script as its older multipage
    mode until some session has called ``st.navigation``: on a fresh server, opening /map ran
    pages/map.py alone, with file names for a menu and a narrow layout. Switching that mode off
    (a process-wide flag of Streamlit's, the one ``st.navigation`` itself clears) and rerunning
    sends this session through app.py to the same page (both modes key a page by its URL path).
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without this internal flag: nothing to switch off
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        # Once per session: AppTest sets the flag back before every run, and a rerun there would
        # drop the run's button clicks (a live server sets it once per process, before any).
        if not st.session_state.get("_frame_routed"):
            st.session_state["_frame_routed"] = True
            st.rerun()
    st.session_state["_frame_routed"] = True
