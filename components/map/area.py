"""The Map page's pieces: its sidebar controls, its colourings, and the map area (a fragment, so a
click reruns only the map and its lists, not the projection or the sidebar)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from components import links, resources
from components.data import downloads
from components.frame.items import Items, model_kind
from components.map import cluster_panel, clusters, element, faithfulness, html_file
from components.map.click import clicked_row, neighbours_of, selected_ids, view_data
from components.map.controls import Settings
from components.map.payload import colouring, colours_blob, date_colouring, legend, points_blob
from components.recipes import scripts
from components.text import plain, short
from components.widgets import neighbours_table
from core.errors import ExplorerError
from core.io.columns import as_dates
from core.io.exports import to_csv
from core.keys import texts_key
from core.neighbours.index import NeighbourIndex
from core.project.clustering import cluster

LABELS_UP_TO = 500  # text labels on the map for sets up to this size (collisions hidden)
HEATMAP_CAP = 150
CLUSTER_COLOURS = ("cluster", "cluster (fine)")  # the map's own (a table's columns keep theirs)
PICK_LIST_UP_TO = 5_000  # items in the "pick an item" list (more: find, then click)


def colours_for(items: Items, vectors: np.ndarray, by: str, coords=None, k: int = 10,
                found: clusters.Found | None = None):  # fmt: skip
    """The colouring the legend and the points use, cached per (set, choice)."""
    ramp = by == faithfulness.KEPT
    if ramp:
        values, natural = faithfulness.kept(vectors, coords, k, "cosine").tolist(), False
    elif by in CLUSTER_COLOURS and found is not None:  # the names, noise grey
        values, natural = clusters.names(found, 0 if by == "cluster" else -1), False
    elif by in CLUSTER_COLOURS:  # naming off: k-means, numbered
        labels = resources.cached("cluster", vectors, compute=lambda: cluster(vectors))
        values, natural = [f"cluster {c + 1}" for c in labels], True  # type: ignore[attr-defined]
    elif by in items.columns:
        values, natural = items.columns[by], False
    else:
        values, natural = items.labels, False

    def compute():
        days = as_dates(values) if by in items.columns and not ramp else None  # time: a ramp
        col = (colouring(values, by, natural_order=natural, ramp=ramp) if days is None
               else date_colouring(days, by))  # fmt: skip
        col.codes.setflags(write=False)  # shared; and its blob's key is then hashed only once
        return col

    return resources.cached("colouring", by, texts_key(items.texts), [str(v) for v in values],
                            compute=compute)  # fmt: skip


def blobs(coords: np.ndarray, items: Items, col) -> tuple[tuple[str, str], tuple[bytes, bytes]]:
    """The two blobs' ids (for the view) and bytes (for :func:`element.mount_blobs`), built once
    per (coordinates, texts) and per colouring."""
    pid, points = resources.cached(
        "points-blob",
        coords,
        texts_key(items.texts),
        compute=lambda: points_blob(coords, items.texts),
    )  # type: ignore[misc]
    cid, colours = resources.cached(
        "colours-blob", col.codes, col.palette, compute=lambda: colours_blob(col)
    )  # type: ignore[misc]
    return (pid, cid), (points, colours)


def _on_click() -> None:
    st.session_state["map_selected"] = clicked_row(element.event("click"), _n())


def _on_pick(key: str) -> None:
    # Only the pick box drawn for the current pick counts: after a full rerun the browser may
    # report an older one (its key named an earlier pick) as changed, which undid a click.
    if key == f"map_pick_{st.session_state.get('map_selected')}":
        st.session_state["map_selected"] = st.session_state.get(key)


def _on_select() -> None:
    st.session_state["map_lasso"] = selected_ids(element.event("select"), _n())


def _n() -> int:
    return int(st.session_state.get("_map_n", 0))


def forget_stale_picks(items: Items) -> None:
    """A pick or selection made on another set (even one of the same name and size) is dropped,
    or it would come back on the next rerun."""
    this_set = texts_key(items.texts)
    if st.session_state.get("_map_for") != this_set:
        st.session_state["map_selected"] = None
        st.session_state["map_lasso"] = []
        st.session_state.pop(cluster_panel.ZOOM, None)
    st.session_state["_map_for"] = this_set
    st.session_state["_map_n"] = len(items.texts)
    wanted = links.pending_pick()  # a link named an item to pick (by its text)
    if wanted is not None and wanted in items.texts:
        st.session_state["map_selected"] = items.texts.index(wanted)


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
def map_area(
    items: Items,
    index: NeighbourIndex,
    ids: tuple[str, str],
    s: Settings,
    coords,
    col,
    found: clusters.Found | None = None,
) -> None:
    """Search, the map with its neighbour list, its files, and the Selection panel. A click or
    a lasso reruns only this, so the files follow the pick at once."""
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
    links.show_pick(items.texts[selected] if selected is not None and selected < n else None)
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
        query=query, legend=legend(col), selection=len(lasso), selection_rows=lasso,
        show_labels=n <= LABELS_UP_TO,
        clusters=clusters.for_map(found), zoom_to=st.session_state.get(cluster_panel.ZOOM),
    )  # fmt: skip
    element.mount_view(view, on_click=_on_click, on_select=_on_select)
    files(items, coords, col, s, selected, neigh, found)
    if query and how != "meaning" and not matches:
        st.caption(f"No item contains “{plain(short(query, 80))}”. Try **by meaning**.")
    if selected is not None:
        with st.expander(f"Neighbours of “{plain(short(items.texts[selected], 80))}” as a table"):
            neighbours_table(neigh, items.texts, items.labels, s.metric, key="map_neighbours")
    if lasso:
        selection_panel(items, lasso)
    if found is not None:
        cluster_panel.panel(items, found, coords)
    _recipe(items, s, selected)


def _recipe(items: Items, s: Settings, selected: int | None) -> None:
    """The map's Python recipe, drawn in the fragment: a click reruns only the fragment, and
    the recipe names the new pick at once."""
    pick = items.texts[selected] if selected is not None and selected < len(items.texts) else None
    script = scripts.map_script(
        model=items.model_name or "", method=s.method, dims=s.dims, params=s.params,
        metric=s.metric, k=s.k, pick=pick, clusters=clusters.recipe(items, s.clusters),
    )  # fmt: skip
    scripts.show(script)


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
        st.session_state["sim_rows"] = {"for": texts_key(items.texts), "rows": shown}
        st.switch_page("pages/similarity.py")
    c3.button("Clear the selection", key="map_selection_clear", on_click=_clear_selection)


def _clear_selection() -> None:
    st.session_state["map_lasso"] = []


def files(items: Items, coords: np.ndarray, col, s: Settings, selected, neigh, found=None) -> None:
    """The map's files under it: its points as CSV, with the pick and the cluster names as they
    are now (made when the button is pressed, so a million points cost nothing until then), and
    the HTML map. The picture is the map's own "PNG" button."""
    own = clusters.renamed()
    c1, c2 = st.columns([1, 2], vertical_alignment="center")
    c1.download_button(
        "Download the points (CSV)", file_name="map-points.csv", mime="text/csv",
        data=lambda: to_csv(downloads.map_points_table(
            items, coords, col, selected=selected, neighbours=neigh, metric=s.metric,
            extra=clusters.columns(found, own))),
        key="map_dl_csv", icon=":material/download:", on_click="ignore",
        help="Every point as drawn: text, group, columns, coordinates, its clusters (number "
        "and name); and the picked item, its neighbours' rank and score (as listed).",
    )  # fmt: skip
    with c2:
        export(coords, items, col, s)


def export(coords: np.ndarray, items: Items, col, s: Settings) -> None:
    """The map as one HTML file that opens offline (built when asked for, then kept)."""
    if not st.toggle("Prepare this map as a file (HTML, opens offline)", key="map_export"):
        return
    if len(coords) > html_file.MAX_POINTS:
        st.caption(f"The HTML map takes up to {html_file.MAX_POINTS:,} points; the Data page's "
                   "coordinates download carries any size.")  # fmt: skip
        return
    method = {"tsne": "t-SNE", "umap": "UMAP", "pca": "PCA"}[s.method]
    subtitle = f"{len(coords):,} items · {method}, {s.dims}D · made with Embedding Explorer"
    page = resources.cached(
        "map-html", coords, col.codes, col.palette, col.title, texts_key(items.texts), items.title,
        compute=lambda: html_file.build(coords, items.texts, col, items.title, subtitle),
    )  # fmt: skip
    st.download_button("Download the map (HTML)", page, "map.html", "text/html",
                       key="map_dl_html", icon=":material/download:")  # fmt: skip
