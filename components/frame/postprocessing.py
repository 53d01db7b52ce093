"""The app-wide post-processing of vectors (the Geometry page explains it): as learned, centred
(the set's mean vector subtracted) or all-but-the-top (the mean and the top principal
components removed, Mu & Viswanath 2018). Chosen in the sidebar; every page that draws the
current dataset's vectors (Map, Similarity, Geometry, the downloads) gets them through
:func:`apply`."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components import resources
from core.geometry.benchmarks import BENCHMARKS
from core.geometry.postprocess import PostProcess

KEY = "frame_post"
MODES = {"none": "as learned", "centre": "centred", "abtt": "all-but-the-top"}


def control() -> None:
    """The sidebar's choice (drawn by the frame on every page)."""
    st.session_state.setdefault(KEY, "none")
    st.selectbox(
        "Post-processing",
        list(MODES),
        format_func=MODES.get,
        key=KEY,
        help="**centred**: the model's mean vector is subtracted from every vector. "
        "**all-but-the-top**: also the few directions every vector shares (the top principal "
        "components) are removed, which spreads out spaces where all vectors point the same way "
        "(Mu & Viswanath 2018). Both are fitted on the model's vocabulary (GloVe) or on 1,400 "
        "common words (the sentence model); vectors that came with your file are fitted on "
        "themselves. The Geometry page shows what each does.",
    )


def mode() -> str:
    return st.session_state.get(KEY, "none")


def reference(model_name: str) -> np.ndarray:
    """What a model's post-processing is fitted on, as Mu & Viswanath fit it on a vocabulary: a
    word model's whole vocabulary; for a sentence model, its encodings of the ~1,400 common
    English words of the two word-similarity benchmarks (encoded once, then cached)."""
    model = resources.model(model_name)
    if model.kind == "word":
        return np.asarray(model.vectors, dtype=np.float32)
    words = sorted({w for b in BENCHMARKS.values() for p in b.pairs for w in p[:2]})
    return resources.encode(model_name, words)


def fitted(model_name: str, how: str) -> PostProcess:
    """The model's post-processing, fitted once per process on its :func:`reference`."""
    return resources.cached(  # type: ignore[return-value]
        "postprocess-fit", model_name, how,
        compute=lambda: PostProcess.fit(reference(model_name), how),
    )  # fmt: skip


def apply(vectors: np.ndarray, how: str | None = None, model_name: str | None = None) -> np.ndarray:
    """The vectors post-processed as chosen (kept once per (vectors, mode, model)): fitted on
    the model's reference, or on the vectors themselves when they came without a model."""
    how = how or mode()
    if how == "none" or len(vectors) < 2:
        return vectors

    def compute() -> np.ndarray:
        fit = fitted(model_name, how) if model_name else PostProcess.fit(vectors, how)
        return fit.transform(vectors)

    return resources.cached("postprocess", vectors, how, model_name, compute=compute)  # type: ignore[return-value]
