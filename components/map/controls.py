"""The Map page's sidebar controls: projection, view, colouring, metric (with the hub-reducing
re-rankings), neighbours, projection settings kept in range, and "Remove a direction"."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from components.directions import removal
from components.frame.items import Items, model_name
from components.map import clusters, faithfulness
from components.text import plain
from core.errors import ExplorerError
from core.neighbours.reranked import NAMES as RERANKINGS
from core.project.projection import default_perplexity

STORED = "stored"  # the map coordinates that came with the data


@dataclass
class Settings:
    method: str
    dims: int
    colour: str
    metric: str
    k: int
    params: dict
    removed: tuple | None = None  # (label, Direction) taken out of the vectors, or None
    clusters: tuple | None = None  # (how, k) of the named clusters, or None when off


COMPACT = """<style>
[data-testid="stMainBlockContainer"] { padding: 3.4rem 1.5rem 1rem; }
[data-testid="stMainBlockContainer"] h1 { padding-top: 0; padding-bottom: 0.2rem; }
</style>"""


def controls(items: Items) -> Settings:
    """The map's settings, in the sidebar so the map keeps the screen."""
    st.html(COMPACT)  # the map page's own spacing: the map, not the page's margins, fills it
    n = len(items.texts)
    stored = items.coords is not None
    defaults = {"map_method": STORED if stored else "tsne", "map_dims": 2, "map_colour": "group",
                "map_metric": "cosine"}  # fmt: skip
    for key, value in {**defaults, "map_k": 10}.items():
        st.session_state.setdefault(key, value)
    if st.session_state["map_method"] == STORED and not stored:
        st.session_state["map_method"] = "tsne"
    own = ["group", "cluster", "cluster (fine)", faithfulness.KEPT]
    colours = own + [c for c in items.columns if c not in own]  # a table's "cluster": its own
    if st.session_state["map_colour"] not in colours:
        st.session_state["map_colour"] = "group"
    with st.sidebar:
        st.divider()
        method = st.segmented_control(
            "Projection", [STORED] * stored + ["tsne", "umap", "pca"], key="map_method",
            format_func={STORED: "As stored", "tsne": "t-SNE", "umap": "UMAP", "pca": "PCA"}.get,
            help="As stored: the coordinates that came with the data (the batch command's map)."
            if stored else None,
        ) or "tsne"  # fmt: skip
        dims = st.segmented_control("View", [2, 3], key="map_dims", format_func="{}D".format) or 2
        colour = st.selectbox(
            "Colour by", colours, key="map_colour",
            help="group: the labels that came with the data; cluster: the named clusters "
            "(coarse, or fine), or k-means on the full vectors when naming is off; neighbours kept: the share of each item's nearest neighbours (in the full "
            "space) that the map keeps near it; any other column of your table (numbers get a "
            "colour ramp)",
        )  # fmt: skip
        found = clusters.controls(n)
        metric = _metric(n)
        k = st.number_input("Neighbours", 1, 50, key="map_k")
        params = _projection_settings(method, n)
        removed = _removed(items)
    return Settings(method, int(dims), colour, metric, int(k), params, removed, found)


def _removed(items: Items):
    """The "Remove a direction" control: a problem with the direction is said in the sidebar."""
    if items.vectors is not None:
        return None  # a set's own vectors are not in the model's space
    try:
        return removal.choose(model_name(), "map")
    except ExplorerError as exc:
        st.error(plain(exc), icon=":material/error:")
        return None


def without(vectors: np.ndarray, settings: Settings) -> np.ndarray:
    """The vectors the map draws: with the chosen direction removed, and a line saying so."""
    if settings.removed is None:
        return vectors
    label, direction = settings.removed
    cleaned = removal.vectors_without(vectors, direction)
    st.caption(removal.leaning_note(vectors, cleaned, direction, label))
    return cleaned


METRICS = {"cosine": "cosine", "euclidean": "euclidean", "dot": "dot product", **RERANKINGS}
RERANK_UP_TO = 20_000  # CSLS / mutual proximity: a pass over all pairs first


def _metric(n: int) -> str:
    metric = st.selectbox(
        "Neighbour metric", list(METRICS), format_func=METRICS.get, key="map_metric",
        help="CSLS and mutual proximity re-rank cosine neighbours so that a few hub items stop "
        "turning up in every list (the Geometry page measures it).",
    )  # fmt: skip
    if metric in RERANKINGS and n > RERANK_UP_TO:
        st.warning(f"{METRICS[metric]} is offered for sets up to {RERANK_UP_TO:,} items; "
                   "cosine is used for this one.", icon=":material/info:")  # fmt: skip
        return "cosine"
    return metric


def _within(key: str, low: float, top: float, name: str, n: int) -> None:
    """A setting kept from another set (or page) that this set cannot take is brought into
    range before its widget is drawn (a widget given a value out of its range fails), with a
    note, so the map is drawn rather than an error."""
    value = st.session_state.get(key)
    if value is not None and not low <= value <= top:
        st.session_state[key] = type(value)(min(max(value, low), top))
        st.toast(
            f"{name} {value:g} is out of range for {n:,} items: using {st.session_state[key]:g}."
        )


def _projection_settings(method: str, n: int) -> dict:
    with st.expander("Projection settings"):
        if method == STORED:
            st.caption("These coordinates came with the data: there is nothing to set.")
            return {}
        if method == "tsne":
            top = max(1.0, (n - 1) / 3)
            _within("map_perplexity", 0.5, top, "Perplexity", n)
            value = st.number_input(
                "Perplexity (t-SNE)", 0.5, top, None, key="map_perplexity",
                placeholder=f"auto ({default_perplexity(n):.1f})",
                help=f"About how many neighbours each point balances; from 0.5 to {top:.1f} "
                f"for {n} items. Leave empty for automatic.",
            )  # fmt: skip
            return {} if value is None else {"perplexity": float(value)}
        if method == "umap":
            top = max(2, n - 1)
            _within("map_neighbors", 2, top, "Neighbours (UMAP)", n)
            value = st.number_input(
                "Neighbours (UMAP)", 2, top, None, key="map_neighbors",
                placeholder=f"auto ({min(15, top)})",
                help=f"Local neighbourhood size, from 2 to {top} for {n} items. Empty: automatic.",
            )  # fmt: skip
            return {} if value is None else {"n_neighbors": int(value)}
        st.caption("PCA has no settings: it keeps the directions of largest variance.")
        return {}


def stored_view(items: Items, s: Settings) -> tuple[np.ndarray, Settings]:
    """The coordinates that came with the data, in the view they allow (2D ones stay 2D)."""
    coords = items.coords
    if s.dims > coords.shape[1]:
        st.info("The stored coordinates are 2D: shown in 2D. Pick a projection for a 3D view.")
    dims = min(s.dims, coords.shape[1])
    return np.ascontiguousarray(coords[:, :dims]), replace(s, dims=dims)
