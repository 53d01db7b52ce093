"""Embedding Explorer: the router. Every page draws the shared frame itself (components.frame.sidebar)."""

import streamlit as st

from components.resources import start_background_work
from components.warm import start_warm_ups

st.set_page_config(page_title="Embedding Explorer", page_icon=":material/explore:", layout="wide")
# Before the pages import plotly and pandas: torch and the model load meanwhile (~7 s).
start_background_work()
start_warm_ups()  # the sentence model's analogy candidates, once it has loaded

PAGES = [
    # The default page is served at "/" whatever its url_path (/start answered "Page not found").
    st.Page("pages/start.py", title="Start here", icon=":material/waving_hand:", default=True),
    st.Page("pages/map.py", title="Map", icon=":material/scatter_plot:", url_path="map"),
    st.Page(
        "pages/similarity.py", title="Similarity", icon=":material/grid_on:", url_path="similarity"
    ),
    st.Page("pages/analogy.py", title="Analogy", icon=":material/functions:", url_path="analogy"),
    st.Page(
        "pages/directions.py",
        title="Directions",
        icon=":material/swap_horiz:",
        url_path="directions",
    ),
    st.Page("pages/geometry.py", title="Geometry", icon=":material/hub:", url_path="geometry"),
    st.Page("pages/search.py", title="Search", icon=":material/search:", url_path="search"),
    st.Page("pages/context.py", title="Context", icon=":material/text_fields:", url_path="context"),
    st.Page("pages/data.py", title="Data", icon=":material/upload_file:", url_path="data"),
]

st.navigation(PAGES).run()
