"""The Search page's ranking: plain cosine, or a hub-reducing re-ranking (CSLS, mutual
proximity) over the documents, with what it does to hubs among them shown."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components import resources
from components.resources import neighbours
from core.geometry.shape import hubness
from core.neighbours.exact import Neighbour, nearest

CHOICES = {"cosine": "cosine", "csls": "CSLS", "mp": "mutual proximity"}
SCORES = {
    "cosine": "cosine similarity to the query",
    "csls": "CSLS score (2·cos − the two items' usual closeness)",
    "mp": "mutual proximity (how much closer than usual, both ways)",
}
FROM = 5  # documents needed for a re-ranking: each needs neighbours of its own
HUBS_FROM = 30  # documents from which the hub figure is shown


def choose(n_docs: int) -> str:
    st.session_state.setdefault("search_rank", "cosine")
    how = st.segmented_control(
        "Rank by", list(CHOICES), format_func=CHOICES.get, key="search_rank",
        help="CSLS and mutual proximity discount documents that are close to everything "
        "(hubs), so a document that only suits this query can rise.",
    ) or "cosine"  # fmt: skip
    if how != "cosine" and n_docs < FROM:
        st.info(f"{CHOICES[how]} needs at least {FROM} documents; ranked by cosine.")
        return "cosine"
    return how


def score_name(how: str) -> str:
    return SCORES[how]


def ranked(vectors: np.ndarray, q: np.ndarray, how: str) -> list[Neighbour]:
    """Every document, best first, under the chosen ranking; with a re-ranking, a caption says
    how the documents' hubness changed."""
    if how == "cosine":
        return nearest(vectors, q, k=len(vectors), metric="cosine")
    index = resources.index(vectors, how)
    if len(vectors) >= HUBS_FROM:  # on a handful of documents the figure means nothing
        k = 10
        before = hubness(neighbours(vectors, k)[0], len(vectors)).skewness  # kept once per set
        after = hubness(neighbours(vectors, k, how)[0], len(vectors)).skewness
        st.caption(f"Among these documents, hubs (the skewness of N{k}: how lopsided “who is "
                   f"whose neighbour” is) go from {before:.2f} with cosine to {after:.2f}.")  # fmt: skip
    st.caption(f"{CHOICES[how]} discounts documents that are close to every document, so a "
               "document that suits only this query can rise.")  # fmt: skip
    return index.query(np.asarray(q), k=len(vectors))
