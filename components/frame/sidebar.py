"""The sidebar every page shares (dataset, model, post-processing, sharing, pictures, Present),
drawn by :func:`page_frame`, which each page calls first: so the frame does not depend on app.py
re-running (under AppTest, app.py ran only on the first run)."""

from __future__ import annotations

import streamlit as st

from components import chart_config, links, present, resources
from components.frame import postprocessing
from components.frame.items import CUSTOM, OTHER_MODEL, model_refusal
from components.frame.router import ensure_router
from components.frame.state import persist, restore
from components.frame.user_data import keep_your_data
from components.text import plain, short
from core.io.datasets import GLOVE_MAX, GLOVE_TOP, list_datasets, load_dataset
from core.models.registry import DEFAULT_MODEL, available_models


def _dataset_names() -> dict[str, str]:
    names = {d.name: d.title for d in list_datasets() if d.name != GLOVE_TOP}
    names[GLOVE_TOP] = "GloVe top-N words"
    if CUSTOM in st.session_state:
        names[CUSTOM] = f"Your data: {short(st.session_state[CUSTOM]['title'], 60)}"
    return names


def _on_dataset_change() -> None:
    name = st.session_state.get("frame_dataset")
    if name and name != CUSTOM:
        st.session_state["frame_model"] = (
            load_dataset(name, n=1).model if name == GLOVE_TOP else load_dataset(name).model
        )


def page_frame(title: str, intro: str) -> None:
    """Page config side of the frame: background work, sidebar, title and the plain-words intro."""
    ensure_router()
    resources.start_background_work()
    restore()
    links.apply_dataset_params(_on_dataset_change)
    page = title.lower().split()[0]
    links.read(page)
    keep_your_data()
    persist(
        "frame_dataset", "frame_model", "frame_model_other", "frame_glove_n", postprocessing.KEY
    )
    st.session_state.setdefault("frame_dataset", "ninety-words")
    st.session_state.setdefault("frame_model", DEFAULT_MODEL)
    with st.sidebar:
        _dataset_choice()
        _model_choice()
        postprocessing.control()
        st.caption("Bundled models work offline. Choices here are shared by every page.")
    links.write(page)
    links.share(page)
    with st.sidebar:
        chart_config.control(page)
        present.control()
    present.bar(page)
    st.title(title)
    st.markdown(intro)


def _dataset_choice() -> None:
    names = _dataset_names()
    if st.session_state["frame_dataset"] not in names:
        st.session_state["frame_dataset"] = "ninety-words"
    st.selectbox(
        "Dataset",
        list(names),
        format_func=names.get,
        key="frame_dataset",
        on_change=_on_dataset_change,
    )
    if st.session_state["frame_dataset"] == GLOVE_TOP:
        st.session_state.setdefault("frame_glove_n", 10_000)
        st.number_input(
            "How many words",
            100,
            GLOVE_MAX,
            step=1_000,
            key="frame_glove_n",
            help="The most frequent GloVe words. 100,000 draw fine; projections take longer.",
        )


def _model_choice() -> None:
    if (
        st.session_state["frame_dataset"] == CUSTOM
        and st.session_state[CUSTOM].get("vectors") is not None
    ):
        st.caption("Model: the vectors came with your file.")
        return
    st.selectbox(
        "Model",
        [m.name for m in available_models()] + [OTHER_MODEL],
        key="frame_model",
        help="\n".join(f"- **{m.name}**: {m.description}" for m in available_models()),
    )
    if st.session_state["frame_model"] == OTHER_MODEL:
        st.text_input(
            "Model name or folder",
            key="frame_model_other",
            placeholder="e.g. sentence-transformers/all-mpnet-base-v2",
            help="Needs the internet the first time; the bundled models work offline.",
        )
        refusal = model_refusal((st.session_state.get("frame_model_other") or "").strip())
        if refusal:
            st.error(plain(refusal), icon=":material/block:")
