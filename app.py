"""Embedding Explorer: the router. Every page draws the shared frame itself (components.frame)."""

import streamlit as st

st.set_page_config(page_title="Embedding Explorer", page_icon="🧭", layout="wide")

PAGES = [
    st.Page("pages/start.py", title="Start here", icon="👋", url_path="start", default=True),
    st.Page("pages/map.py", title="Map", icon="🗺️", url_path="map"),
    st.Page("pages/similarity.py", title="Similarity", icon="🟩", url_path="similarity"),
    st.Page("pages/analogy.py", title="Analogy", icon="👑", url_path="analogy"),
    st.Page("pages/search.py", title="Search", icon="🔎", url_path="search"),
    st.Page("pages/context.py", title="Context", icon="🏦", url_path="context"),
    st.Page("pages/data.py", title="Data", icon="📄", url_path="data"),
]

st.navigation(PAGES).run()
