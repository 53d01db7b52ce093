"""The Map page's pieces: its sidebar controls, its colourings, and the map area (a fragment, so a
click reruns only the map and its lists, not the projection or the sidebar)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components import links, resources, selection
from components.frame.items import Items, model_kind
from components.links import FILTER
from components.map import cluster_panel, clusters, element, faithfulness, filters
from components.map.click import clicked_row, neighbours_of, selected_ids, view_data
from components.map.controls import Settings
from components.map.files import files, selection_panel
from components.map.payload import colouring, colours_blob, date_colouring, legend, points_blob
from components.recipes import scripts
from components.text import plain, short
from components.widgets import neighbours_table
from core.errors import ExplorerError
from core.io.columns import as_dates
from core.io.filters import is_number
from core.io.repeats import Repeats
from core.keys import texts_key
from core.neighbours.index import NeighbourIndex
from core.project.clustering import cluster

LABELS_UP_TO = 500  # text labels on the map for sets up to this size (collisions hidden)
CLUSTER_COLOURS = ("cluster", "cluster (fine)")  # the map's own (a table's columns keep theirs)
PICK_LIST_UP_TO = 5_000  # items in the "pick an item" list (more: find, then click)


def colours_for(items: Items, vectors: np.ndarray, by: str, coords=None, k: int = 10,
                found: clusters.Found | None = None, shared: Repeats | None = None):  # fmt: skip
    """The colouring the legend and the points use (one code per row of ``items``), cached per
    (set, choice). ``vectors`` and ``coords`` are the points' (each text once, as ``shared``
    maps rows onto them); ``found`` is told in rows."""
    ramp = by == faithfulness.KEPT
    on_rows = (lambda v: v) if shared is None else (lambda v: np.asarray(v)[shared.point_of_row])
    if ramp:
        values, natural = on_rows(faithfulness.kept(vectors, coords, k, "cosine")).tolist(), False
    elif by == "cluster" and found is not None:  # the names, noise grey
        values, natural = cluster_names(found), False
    elif by in CLUSTER_COLOURS and found is not None:
        values, natural = clusters.names(found, -1), False
    elif by in CLUSTER_COLOURS:  # naming off: k-means, numbered
        labels = on_rows(resources.cached("cluster", vectors, compute=lambda: cluster(vectors)))
        values, natural = [f"cluster {c + 1}" for c in labels], True  # type: ignore[attr-defined]
    elif by in items.columns:
        values, natural = items.columns[by], False
    else:
        values, natural = items.labels, False

    forced = filters.read_as(by) if by in items.columns else None  # the user's correction

    def compute():
        table = by in items.columns and not ramp and forced not in ("category", "text", "number")
        days = as_dates(values, "date" if forced == "date" else by) if table else None
        if days is not None:  # time: a ramp
            return _frozen(date_colouring(days, by))
        shown = values
        if forced == "number":  # the user's reading: numbers on a ramp, the rest missing
            shown = [v if is_number(v) else None for v in values]
        elif forced in ("category", "text"):  # each value a category, even numbers
            shown = [None if v is None else str(v) for v in values]
        return _frozen(colouring(shown, by, natural_order=natural or forced == "category",
                                 ramp=ramp or forced == "number"))  # fmt: skip

    return resources.cached("colouring", by, texts_key(items.texts), [str(v) for v in values],
                            forced, compute=compute)  # fmt: skip


def _frozen(col):
    col.codes.setflags(write=False)  # shared; and its blob's key is then hashed only once
    return col


def cluster_names(found: clusters.Found | None) -> list[str] | None:
    """Each row's coarse cluster name (the user's names included), once per (clusters, names)."""
    if found is None:
        return None
    own = clusters.renamed()
    return resources.cached("cluster-names", found.levels[0], sorted(own.items()),
                            [c.name for c in found.described[0]],
                            compute=lambda: clusters.names(found, 0, own))  # type: ignore[return-value]  # fmt: skip


def blobs(coords: np.ndarray, items: Items, col, shared: Repeats | None = None):
    """The two blobs' ids (for the view) and bytes (for :func:`element.mount_blobs`), built once
    per (coordinates, texts) and per colouring. A row whose text other rows share is labelled
    with their count ("refund ×3" on hover)."""

    pid, points = resources.cached(
        "points-blob",
        coords,
        texts_key(items.texts),
        compute=lambda: points_blob(coords, counted(items, shared)),
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
    if st.session_state.get("_map_for") not in (None, this_set):  # another set: its filter goes
        st.session_state[FILTER] = {}
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


def _find_box(items: Items, selected: int | None, shared: Repeats) -> tuple[str, str]:
    """Find (by letters or by meaning) and the pick list over the map (each text once, by its
    first row): (query, how)."""
    n = len(shared.first_row)
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
    if n <= PICK_LIST_UP_TO:
        options = [None, *(int(r) for r in shared.first_row)]
        shown = None if selected is None else int(shared.first_row[shared.point_of_row[selected]])
        texts = counted(items, shared)
        c3.selectbox(
            "Pick an item", options, index=options.index(shown) if shown in options else 0,
            format_func=lambda i: "pick an item…" if i is None else short(texts[i], 80),
            key=f"map_pick_{selected}", label_visibility="collapsed", on_change=_on_pick,
            args=(f"map_pick_{selected}",),
        )  # fmt: skip
    return query, how or "letters"


def _neighbours(index, point: int | None, k: int, shared: Repeats, sieve: filters.Filtered):
    """The pick's k nearest points, or (asked for in the Filter) the k nearest that have a row
    passing the filter: the nearest are read in widening batches until k pass."""
    if point is None or not sieve.neighbours_inside():
        return neighbours_of(index, point, k)
    passing = np.zeros(len(shared.first_row), dtype=bool)
    passing[shared.point_of_row[sieve.keep]] = True
    wanted, found = min(len(index) - 1, 4 * k), []
    while True:
        found = [x for x in neighbours_of(index, point, wanted) if passing[x.index]]
        if len(found) >= k or wanted >= len(index) - 1:
            return found[:k]
        wanted = min(len(index) - 1, wanted * 4)


def counted(items: Items, shared: Repeats | None) -> list[str]:
    """The rows' texts as the map shows them: a text other rows share ends with their count
    ("refund ×3"); built once per set."""
    if shared is None or not shared.shared:
        return items.texts
    return resources.cached("counted", texts_key(items.texts), compute=lambda: [  # type: ignore[return-value]
        t if c == 1 else f"{t} ×{c}" for t, c in zip(items.texts, shared.row_counts(), strict=True)
    ])  # fmt: skip


@st.fragment
def map_area(
    items: Items,
    index: NeighbourIndex,
    ids: tuple[str, str],
    s: Settings,
    coords,
    col,
    found: clusters.Found | None,
    shared: Repeats,
    sieve: filters.Filtered,
) -> None:
    """Search, the map with its neighbour list, its files, and the Selection panel. A click or
    a lasso reruns only this, so the files follow the pick at once. ``items``, ``coords``,
    ``col`` and ``found`` are the rows' (every row drawn); ``index`` holds the points (each
    text once): a neighbour is listed once, by its first row, never the pick's own text."""
    if sieve.stale():  # a legend click filtered: the page (its colours, the chart) follows
        st.rerun()
    n = len(items.texts)
    selected = st.session_state.get("map_selected")
    selected = selected if selected is not None and 0 <= selected < n else None
    links.show_pick(items.texts[selected] if selected is not None else None)
    query, how = _find_box(items, selected, shared)
    point = None if selected is None else int(shared.point_of_row[selected])
    among = sieve.keep if sieve.neighbours_inside() else None  # named by a row that passes
    neigh = shared.as_rows(_neighbours(index, point, s.k, shared, sieve), among)
    meaning = shared.as_rows(by_meaning(items, index, query, s.k)) if how == "meaning" else []
    matches = letters(items.texts, query) if how != "meaning" else []
    sent = None if query.strip() else selection.searched(items)  # Search's results, ringed
    if sent:
        matches = sent[0]
    lasso = sieve.rows(st.session_state.get("map_lasso") or [])  # the filter's rows only
    texts = counted(items, shared)
    view = view_data(
        points=ids[0], colours=ids[1], dims=s.dims, texts=texts, labels=items.labels,
        selected=selected, neighbours=neigh, metric=s.metric, matches=matches, meaning=meaning,
        query=query, legend=legend(col), selection=len(lasso), selection_rows=lasso,
        show_labels=n <= LABELS_UP_TO,
        clusters=clusters.for_map(found), zoom_to=st.session_state.get(cluster_panel.ZOOM),
        filter=sieve.view(),
    )  # fmt: skip
    element.mount_view(view, on_click=_on_click, on_select=_on_select,
                       on_legend=lambda: filters.on_legend(element.event("legend"), sieve))  # fmt: skip
    files(items, coords, col, s, selected, neigh, found, shared, sieve.keep)
    if query and how != "meaning" and not matches:
        st.caption(f"No item contains “{plain(short(query, 80))}”. Try **by meaning**.")
    if sent:
        c1, c2 = st.columns([3, 1], vertical_alignment="center")
        c1.caption(f"Ringed in orange: the {len(sent[0]):,} row(s) Search found for "
                   f"“{plain(short(sent[1], 80))}”.")  # fmt: skip
        c2.button("Clear", key="map_searched_clear", on_click=selection.forget_searched)
    if selected is not None:
        with st.expander(f"Neighbours of “{plain(short(texts[selected], 80))}” as a table"):
            neighbours_table(neigh, texts, items.labels, s.metric, key="map_neighbours")
    if lasso:
        selection_panel(items, lasso, shared)
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
