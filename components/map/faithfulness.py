"""The Map's "neighbours kept" colouring and its trust caption (trustworthiness and continuity),
each computed once per (vectors, map, k) with a progress bar."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components import resources
from components.resources import neighbours
from core.geometry.shape import continuity, hubness
from core.neighbours.reranked import NAMES as RERANKINGS
from core.project.trust import kept_on_map, trustworthiness

KEPT = "neighbours kept"
TRUST_K = 5  # neighbours both whole-map scores look at (trustworthiness's default too)


def kept(vectors: np.ndarray, coords: np.ndarray, k: int, metric: str) -> np.ndarray:
    """Per point, the share of its k nearest in the full space that are near it on the map."""
    metric = metric if metric in ("cosine", "euclidean", "dot") else "cosine"

    def compute() -> np.ndarray:
        # in the sidebar, under the choice: a bar above the map would shift it, and the map
        # element would be drawn anew (losing the user's zoom)
        what = f"Finding each item's {k} nearest neighbours in the full space"
        with resources.counted(what, st.sidebar) as progress:
            return kept_on_map(vectors, coords, k, metric, progress=progress)

    return resources.cached("kept", vectors, coords, k, metric, compute=compute)  # type: ignore[return-value]


def caption(vectors: np.ndarray, coords: np.ndarray, dims: int) -> str:
    """What the map distorts, with its trustworthiness and continuity."""
    if len(vectors) < 4:
        return "With fewer than 4 items there is nothing to distort."
    trust = resources.cached(
        "trust", vectors, coords, compute=lambda: trustworthiness(vectors, coords)
    )
    cont = resources.cached(
        "continuity", vectors, coords, compute=lambda: continuity(vectors, coords, TRUST_K)
    )
    return (
        f"**Read the map with care.** Squeezing {vectors.shape[1]} dimensions into {dims} "
        "distorts distances: dots that are close are usually similar, but gaps between clusters "
        f"and their sizes are not to scale. Trustworthiness of this map **{trust:.2f}** (are the "
        f"map's neighbours true neighbours?) and continuity **{cont:.2f}** (are true neighbours "
        "kept near on the map?), over each item's 5 nearest; 1.00 is perfect. **Colour by → "
        "neighbours kept** shows where."
    )


def hubs_note(vectors: np.ndarray, metric: str) -> None:
    """Under a hub-reducing re-ranking, the sidebar says what it did to this set's hubs."""
    if metric not in RERANKINGS or len(vectors) < 12:
        return
    n = len(vectors)
    before = hubness(neighbours(vectors, 10)[0], n).skewness
    after = hubness(neighbours(vectors, 10, metric)[0], n).skewness
    st.sidebar.caption(
        f"Hubs in this set (skewness of N10, how lopsided “who is whose neighbour” is): "
        f"{before:.2f} with cosine, {after:.2f} with {RERANKINGS[metric]}."
        + (" A small set without marked hubs has little to correct." if after > before else "")
    )


def placement_note(method: str, n: int) -> None:
    """Say when the map was fitted on a sample and the rest placed (the only way a UMAP of
    hundreds of thousands of points is drawn in minutes, not hours)."""
    from core.project.placement import DEFAULT_SAMPLE, Placement
    from core.project.projection import PLACE_ABOVE

    if method == "umap" and n > PLACE_ABOVE:
        st.caption(Placement("umap", n, DEFAULT_SAMPLE, 0).text())
