import streamlit as st

from components.frame import postprocessing
from components.frame.items import current_items, dedupe, model_name, vectors_of
from components.frame.sidebar import page_frame
from components.frame.state import persist
from components.geometry.agreement import agreement_section, benchmarks_section
from components.geometry.hubs import anisotropy_section, hubs_section
from components.recipes import measures, scripts
from components.text import plain
from core.errors import ExplorerError
from core.io.datasets import GLOVE_TOP
from core.models.registry import GLOVE

page_frame(
    "Geometry",
    "The shape of the space behind every other page, and the surprises people run into: a few "
    "items that are everybody's neighbour, vectors that all point the same way, neighbour lists "
    "that change with the metric or the model, and people's own judgements of similarity.",
)
persist("geo_k", "geo_agree")


def try_glove() -> None:
    """The sidebar's dataset and model switched to a set where hubs show (shared by pages)."""
    st.session_state.update(frame_dataset=GLOVE_TOP, frame_glove_n=5_000, frame_model=GLOVE)
    st.toast("The sidebar now shows the 5,000 most frequent GloVe words, with GloVe vectors.")


items = dedupe(current_items())
n = len(items.texts)
if n < 5:
    st.warning(f"This page needs at least 5 items; this set has {n}. Add items on the Data page.")
    st.stop()
st.session_state.setdefault("geo_k", min(10, n - 2))
k = int(
    st.columns([1, 3])[0].number_input("Neighbours per item (k)", 1, min(50, n - 2), key="geo_k")
)
vectors = vectors_of(items)  # post-processed as the sidebar says
raw = vectors_of(items, post=False)
st.caption(
    f"{n:,} items of {plain(items.title)}, {vectors.shape[1]} dimensions"
    + (
        f"; vectors {postprocessing.MODES[postprocessing.mode()]} (sidebar)"
        if vectors is not raw
        else ""
    )
    + "."
)
try:
    hubs_section(items.texts, vectors, k)
    if n < 1_000:
        st.button(
            "See it on the 5,000 most frequent GloVe words", key="geo_try_glove",
            on_click=try_glove, help="Hubs show in large vocabularies; this set is small.",
        )  # fmt: skip
    anisotropy_section(raw, items.model_name or "your", items.model_name)
    agreement_section(items.texts, raw, k, items.model_name)
except ExplorerError as exc:
    st.error(plain(exc), icon=":material/error:")
if items.vectors is None and items.model_name:
    benchmarks_section(model_name())
scripts.show(measures.geometry_script(model=model_name(), k=k, n=n))
st.subheader("Where the map lies")
st.caption(
    "A 2D map cannot keep every neighbour. On the Map, **Colour by → neighbours kept** colours "
    "each dot by the share of its nearest neighbours in the full space that are also near it on "
    "the map: trust the bright regions, read the dark ones with care."
)
st.page_link("pages/map.py", label="Open the Map", icon=":material/scatter_plot:")
