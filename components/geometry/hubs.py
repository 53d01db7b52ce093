"""The Geometry page's first sections: hubs (items that are everybody's neighbour) with two re-rankings that reduce them,
and anisotropy (do all vectors point the same way?) before and after post-processing."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from components import resources
from components.chart_config import picture
from components.figures import base_layout
from components.frame import postprocessing
from components.resources import NEIGHBOUR_LISTS, neighbours
from components.text import short
from core.geometry.shape import anisotropy, hubness

RERANK_UP_TO = 20_000  # CSLS and mutual proximity: another pass over every pair each


def hubs_section(texts: Sequence[str], vectors: np.ndarray, k: int) -> None:
    st.subheader("Hubs: items that are everybody's neighbour")
    st.caption(
        f"N{k} of an item counts how many other items have it among their {k} nearest "
        "neighbours. In many embedding spaces a few *hubs* turn up in almost every list while "
        "*anti-hubs* are in none; a long right tail (high skewness) says so. CSLS and mutual "
        "proximity re-rank neighbours to bring hubs down."
    )
    ways = NEIGHBOUR_LISTS if len(texts) <= RERANK_UP_TO else {"cosine": "cosine"}
    results = {how: hubness(neighbours(vectors, k, how)[0], len(texts)) for how in ways}
    for col, (how, res) in zip(st.columns(3), results.items(), strict=False):
        delta = None if how == "cosine" else res.skewness - results["cosine"].skewness
        col.metric(f"Skewness of N{k}, {NEIGHBOUR_LISTS[how]}", f"{res.skewness:.2f}",
                   delta=None if delta is None else f"{delta:+.2f}", delta_color="inverse")  # fmt: skip
    if any(r.skewness > results["cosine"].skewness for r in results.values()):
        st.caption("A re-ranking raised the skewness here: with few or no marked hubs there is "
                   "little to correct, and re-ranking only reshuffles lists.")  # fmt: skip
    if len(ways) == 1:
        st.caption(f"CSLS and mutual proximity are measured on sets up to {RERANK_UP_TO:,} "
                   "items: each needs another pass over every pair.")  # fmt: skip
    raw = results["cosine"]
    st.markdown(_reading(raw.skewness, k))
    left, right = st.columns([3, 2])
    left.plotly_chart(histogram(raw.counts, k), key="geo_hub_hist", config=picture("geo_hub_hist"))
    right.markdown(
        f"**Anti-hubs** (in nobody's list): {raw.antihub_share:.1%} of the items. **Top hubs:**"
    )
    right.dataframe(
        {
            "item": [short(texts[r], 60) for r, _ in raw.hubs],
            f"N{k}": [c for _, c in raw.hubs],
            **(
                {f"N{k} with CSLS": [int(results["csls"].counts[r]) for r, _ in raw.hubs]}
                if "csls" in results
                else {}
            ),
        },
        hide_index=True,
        width="stretch",
    )


def _reading(skewness: float, k: int) -> str:
    if skewness >= 1:
        return (f"**Strong hubs** (skewness {skewness:.2f} ≥ 1): a few items sit in many "
                f"neighbour lists, so they turn up as a “neighbour” of unrelated items.")  # fmt: skip
    if skewness >= 0.5:
        return f"**Mild hubs** (skewness {skewness:.2f}): N{k} leans right, but no item dominates."
    return (
        f"**No marked hubs** (skewness {skewness:.2f}): items appear in about as many lists each."
    )


def histogram(counts: np.ndarray, k: int) -> go.Figure:
    values, freq = np.unique(counts, return_counts=True)
    fig = go.Figure(go.Bar(x=values, y=freq, marker_color="#4c78a8",
                           hovertemplate=f"N{k} = %{{x}}: %{{y}} items<extra></extra>"))  # fmt: skip
    base_layout(fig, height=320)
    fig.update_layout(xaxis_title=f"N{k}: in how many neighbour lists", yaxis_title="items")
    return fig


def anisotropy_section(raw: np.ndarray, name: str, model_name: str | None) -> None:
    st.subheader("Do all vectors point the same way? (anisotropy)")
    st.caption(
        "If two random items already have a high cosine, every cosine is inflated and small "
        "differences carry the meaning. Centring subtracts the model's mean vector; "
        "all-but-the-top (Mu & Viswanath 2018) also removes the few directions every vector "
        "shares (both fitted on the model's vocabulary, or on 1,400 common words for a sentence "
        "model). Pick one "
        "for every page with **Post-processing** in the sidebar."
    )
    rows = {"as learned": "none", "centred": "centre", "all-but-the-top": "abtt"}
    found = {
        title: resources.cached(
            "anisotropy",
            raw,
            how,
            model_name,
            compute=lambda how=how: anisotropy(postprocessing.apply(raw, how, model_name)),
        )  # fmt: skip
        for title, how in rows.items()
    }
    found["centred on this set's own mean"] = resources.cached(
        "anisotropy-own", raw, compute=lambda: anisotropy(raw - raw.mean(axis=0))
    )
    _centring_note(found)
    st.dataframe(
        {
            f"{name} vectors": list(found),
            "mean cosine of random pairs": [round(a.mean_pair_cosine, 4) for a in found.values()],
            "length of the mean / mean length": [
                round(a.mean_vector_ratio, 4) for a in found.values()
            ],
        },
        hide_index=True,
        width="stretch",
    )


def _centring_note(found: dict) -> None:
    """Said when the model's centring makes this set's vectors point *more* the same way (its
    mean is not the vocabulary's): a figure that would mislead without it."""
    before, after = found["as learned"].mean_pair_cosine, found["centred"].mean_pair_cosine
    own = found["centred on this set's own mean"].mean_pair_cosine
    if after > before + 0.01:
        st.warning(
            f"Centring on the model's mean **raises** this set's mean cosine ({before:.2f} → "
            f"{after:.2f}): these items share a direction of their own that the vocabulary's "
            f"mean does not remove. Centred on this set's own mean it is {own:.2f} (last row).",
            icon=":material/info:",
        )
