"""The Map page's pieces: its sidebar controls, its colourings, and the map area (a fragment, so a
click reruns only the map and its lists, not the projection or the sidebar)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from components import debias, map_view, resources
from components.frame import Items, model_kind, model_name
from components.map_view.payload import colouring, colours_blob, points_blob
from components.map_view.view import clicked_row, neighbours_of, selected_ids, view_data
from components.text import plain, short
from components.widgets import neighbours_table
from core.clustering import cluster
from core.errors import ExplorerError
from core.index import NeighbourIndex
from core.io import to_csv
from core.projection import default_perplexity

LABELS_UP_TO = 500  # text labels on the map for sets up to this size (collisions hidden)
HEATMAP_CAP = 150
PICK_LIST_UP_TO = 5_000  # items in the "pick an item" list (more: find, then click)


@dataclass
class Settings:
    method: str
    dims: int
    colour: str
    metric: str
    k: int
    params: dict
    removed: tuple | None = None  # (label, Direction) taken out of the vectors, or None


COMPACT = """<style>
[data-testid="stMainBlockContainer"] { padding: 3.4rem 1.5rem 1rem; }
[data-testid="stMainBlockContainer"] h1 { padding-top: 0; padding-bottom: 0.2rem; }
</style>"""


def controls(items: Items) -> Settings:
    """The map's settings, in the sidebar so the map keeps the screen."""
    st.html(COMPACT)  # the map page's own spacing: the map, not the page's margins, fills it
    n = len(items.texts)
    defaults = {"map_method": "tsne", "map_dims": 2, "map_colour": "group", "map_metric": "cosine"}
    for key, value in {**defaults, "map_k": 10}.items():
        st.session_state.setdefault(key, value)
    colours = ["group", "cluster", *items.columns]
    if st.session_state["map_colour"] not in colours:
        st.session_state["map_colour"] = "group"
    with st.sidebar:
        st.divider()
        method = st.segmented_control(
            "Projection", ["tsne", "umap", "pca"], key="map_method",
            format_func={"tsne": "t-SNE", "umap": "UMAP", "pca": "PCA"}.get,
        ) or "tsne"  # fmt: skip
        dims = st.segmented_control("View", [2, 3], key="map_dims", format_func="{}D".format) or 2
        colour = st.selectbox(
            "Colour by", colours, key="map_colour",
            help="group: the labels that came with the data; cluster: k-means on the full "
            "vectors; any other column of your table (numbers get a colour ramp)",
        )  # fmt: skip
        metric = st.selectbox("Neighbour metric", ["cosine", "euclidean", "dot"], key="map_metric")
        k = st.number_input("Neighbours", 1, 50, key="map_k")
        params = _projection_settings(method, n)
        removed = _removed(items)
    return Settings(method, int(dims), colour, metric, int(k), params, removed)


def _removed(items: Items):
    """The "Remove a direction" control: a problem with the direction is said in the sidebar."""
    if items.vectors is not None:
        return None  # a set's own vectors are not in the model's space
    try:
        return debias.choose(model_name(), "map")
    except ExplorerError as exc:
        st.error(plain(exc), icon=":material/error:")
        return None


def without(vectors: np.ndarray, settings: Settings) -> np.ndarray:
    """The vectors the map draws: with the chosen direction removed, and a line saying so."""
    if settings.removed is None:
        return vectors
    label, direction = settings.removed
    cleaned = debias.vectors_without(vectors, direction)
    st.caption(debias.leaning_note(vectors, cleaned, direction, label))
    return cleaned


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


def colours_for(items: Items, vectors: np.ndarray, by: str):
    """The colouring the legend and the points use, cached per (set, choice)."""
    if by == "cluster":
        labels = resources.cached("cluster", vectors, compute=lambda: cluster(vectors))
        values, natural = [f"cluster {c + 1}" for c in labels], True  # type: ignore[attr-defined]
    elif by in items.columns:
        values, natural = items.columns[by], False
    else:
        values, natural = items.labels, False
    key = (by, resources.texts_key(items.texts), resources.digest([str(v) for v in values]))

    def compute():
        col = colouring(values, by, natural_order=natural)
        col.codes.setflags(write=False)  # shared; and its blob's key is then hashed only once
        return col

    return resources.memo(("colouring", *key), compute)


def blobs(coords: np.ndarray, items: Items, col) -> tuple[tuple[str, str], tuple[bytes, bytes]]:
    """The two blobs' ids (for the view) and bytes (for :func:`map_view.mount_blobs`), built once
    per (coordinates, texts) and per colouring."""
    pid, points = resources.memo(
        ("points-blob", resources.digest(coords, resources.texts_key(items.texts))),
        lambda: points_blob(coords, items.texts),
    )  # type: ignore[misc]
    cid, colours = resources.memo(
        ("colours-blob", resources.digest(col.codes, col.palette)), lambda: colours_blob(col)
    )  # type: ignore[misc]
    return (pid, cid), (points, colours)


def _on_click() -> None:
    st.session_state["map_selected"] = clicked_row(map_view.event("click"), _n())


def _on_pick(key: str) -> None:
    # Only the pick box drawn for the current pick counts: after a full rerun the browser may
    # report an older one (its key named an earlier pick) as changed, which undid a click.
    if key == f"map_pick_{st.session_state.get('map_selected')}":
        st.session_state["map_selected"] = st.session_state.get(key)


def _on_select() -> None:
    st.session_state["map_lasso"] = selected_ids(map_view.event("select"), _n())


def _n() -> int:
    return int(st.session_state.get("_map_n", 0))


def forget_stale_picks(items: Items) -> None:
    """A pick or selection made on another set (even one of the same name and size) is dropped,
    or it would come back on the next rerun."""
    this_set = resources.texts_key(items.texts)
    if st.session_state.get("_map_for") != this_set:
        st.session_state["map_selected"] = None
        st.session_state["map_lasso"] = []
    st.session_state["_map_for"] = this_set
    st.session_state["_map_n"] = len(items.texts)


def letters(texts: list[str], query: str) -> list[int]:
    q = query.strip().lower()
    return [i for i, t in enumerate(texts) if q in t.lower()] if q else []


def by_meaning(items: Items, index: NeighbourIndex, query: str, k: int):
    """The k items nearest to the query's own vector (the current model embeds it)."""
    if not query.strip():
        return []
    if not items.model_name:
        st.caption("Find by meaning needs a model; this set came with its own vectors.")
        return []
    words = query.split() if model_kind(items.model_name) == "word" else [query.strip()]
    try:
        vector = resources.encode(items.model_name, words).mean(axis=0)
        return index.query(vector, k=k)
    except ExplorerError as exc:
        st.caption(plain(str(exc)))
        return []


@st.fragment
def map_area(items: Items, index: NeighbourIndex, ids: tuple[str, str], s: Settings, lg) -> None:
    """Search, the map with its neighbour list, and the Selection panel. A click or a lasso
    reruns only this."""
    n = len(items.texts)
    c1, c2, c3 = st.columns([2.4, 1.3, 1.6], vertical_alignment="bottom")
    query = c1.text_input(
        "Find", key="map_search", placeholder="a word or phrase: matches are ringed in orange",
        label_visibility="collapsed",
    )  # fmt: skip
    st.session_state.setdefault("map_find", "letters")
    how = c2.segmented_control(
        "Find how", ["letters", "meaning"], key="map_find", label_visibility="collapsed",
        format_func={"letters": "by letters", "meaning": "by meaning"}.get,
    )  # fmt: skip
    selected = st.session_state.get("map_selected")
    if n <= PICK_LIST_UP_TO:
        options = [None, *range(n)]
        c3.selectbox(
            "Pick an item", options, index=options.index(selected) if selected in options else 0,
            format_func=lambda i: "pick an item…" if i is None else short(items.texts[i], 80),
            key=f"map_pick_{selected}", label_visibility="collapsed", on_change=_on_pick,
            args=(f"map_pick_{selected}",),
        )  # fmt: skip
    neigh = neighbours_of(index, selected, s.k)
    meaning = by_meaning(items, index, query, s.k) if how == "meaning" else []
    matches = letters(items.texts, query) if how != "meaning" else []
    lasso = st.session_state.get("map_lasso") or []
    view = view_data(
        points=ids[0], colours=ids[1], dims=s.dims, texts=items.texts, labels=items.labels,
        selected=selected, neighbours=neigh, metric=s.metric, matches=matches, meaning=meaning,
        query=query, legend=lg, selection=len(lasso), show_labels=n <= LABELS_UP_TO,
    )  # fmt: skip
    map_view.mount_view(view, on_click=_on_click, on_select=_on_select)
    if query and how != "meaning" and not matches:
        st.caption(f"No item contains “{plain(short(query, 80))}”. Try **by meaning**.")
    if selected is not None:
        with st.expander(f"Neighbours of “{plain(short(items.texts[selected], 80))}” as a table"):
            neighbours_table(neigh, items.texts, items.labels, s.metric, key="map_neighbours")
    if lasso:
        selection_panel(items, lasso)


def selection_panel(items: Items, rows: list[int]) -> None:
    """What the lasso chose: listed, downloadable, and one click from the heatmap."""
    st.subheader(f"Selection: {len(rows):,} item(s)")
    table = pd.DataFrame(
        {
            "row": rows,
            "item": [items.texts[i] for i in rows],
            "group": [items.labels[i] for i in rows],
        }
    )
    for name, values in items.columns.items():
        table[name] = [values[i] for i in rows]
    st.dataframe(table, hide_index=True, height=min(320, 38 + 35 * len(rows)), key="map_selection")
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        "Download the selection (CSV)", to_csv(table), "selection.csv", "text/csv",
        key="map_selection_csv",
    )  # fmt: skip
    shown = rows[:HEATMAP_CAP]
    if c2.button(
        f"Open {'these' if len(rows) <= HEATMAP_CAP else f'the first {HEATMAP_CAP}'} in the "
        "Similarity heatmap", key="map_selection_heatmap", disabled=len(rows) < 2,
    ):  # fmt: skip
        st.session_state["sim_rows"] = {"for": resources.texts_key(items.texts), "rows": shown}
        st.switch_page("pages/similarity.py")
    c3.button("Clear the selection", key="map_selection_clear", on_click=_clear_selection)


def _clear_selection() -> None:
    st.session_state["map_lasso"] = []
