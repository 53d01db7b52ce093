"""The app-wide post-processing of vectors (the Geometry page explains it): as learned, centred
(the set's mean vector subtracted) or all-but-the-top (the mean and the top principal
components removed, Mu & Viswanath 2018). Chosen in the sidebar; every page that draws the
current dataset's vectors (Map, Similarity, Geometry, the downloads) gets them through
:func:`apply`."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components import resources
from core.geometry import postprocess

KEY = "frame_post"
MODES = {"none": "as learned", "centre": "centred", "abtt": "all-but-the-top"}


def control() -> None:
    """The sidebar's choice (drawn by the frame on every page)."""
    st.session_state.setdefault(KEY, "none")
    st.selectbox(
        "Vectors",
        list(MODES),
        format_func=MODES.get,
        key=KEY,
        help="**centred**: the mean vector of the current set is subtracted from every vector. "
        "**all-but-the-top**: also the few directions every vector shares (the top principal "
        "components) are removed, which spreads out spaces where all vectors point the same way. "
        "The Geometry page shows what each does.",
    )


def mode() -> str:
    return st.session_state.get(KEY, "none")


def apply(vectors: np.ndarray, how: str | None = None) -> np.ndarray:
    """The vectors post-processed as chosen (kept once per (vectors, mode))."""
    how = how or mode()
    if how == "none" or len(vectors) < 2:
        return vectors
    return resources.memo(  # type: ignore[return-value]
        ("postprocess", resources.digest(vectors), how),
        lambda: postprocess(vectors, how),
    )


def note() -> str:
    """A few words for captions naming the post-processing, or "" when there is none."""
    return "" if mode() == "none" else f" (vectors {MODES[mode()]})"
