import streamlit as st

from components import resources
from components.figures import scatter_map
from components.frame import current_items, dedupe, fail, page_frame, persist, vectors_of
from components.selection import selected_rows
from components.widgets import SCORE_NAMES, neighbours_table, notes, plain
from core.clustering import cluster
from core.errors import InputError
from core.neighbours import nearest
from core.projection import default_perplexity, trustworthiness

ZOOM_FROM = 5_000  # items; below this a pick is easy to see on the whole map

page_frame(
    "Map",
    "Every dot is one item, placed so that items with similar meaning sit close together. "
    "**Click a dot** to list its nearest neighbours, measured in the model's full space, and see "
    "them ringed on the map.",
)
persist(
    "map_method",
    "map_dims",
    "map_colour",
    "map_metric",
    "map_k",
    "map_search",
    "map_perplexity",
    "map_neighbors",
)
items = dedupe(current_items())
vectors = vectors_of(items)
n = len(items.texts)

for key, value in {
    "map_method": "tsne",
    "map_dims": 2,
    "map_colour": "group",
    "map_metric": "cosine",
    "map_k": 10,
}.items():
    st.session_state.setdefault(key, value)
c1, c2, c3, c4, c5 = st.columns([1.3, 0.8, 1, 1, 1.2])
method = (
    c1.segmented_control(
        "Projection",
        ["tsne", "umap", "pca"],
        key="map_method",
        format_func={"tsne": "t-SNE", "umap": "UMAP", "pca": "PCA"}.get,
    )
    or "tsne"
)
dims = c2.segmented_control("View", [2, 3], key="map_dims", format_func=lambda d: f"{d}D") or 2
colour = c3.selectbox(
    "Colour by",
    ["group", "cluster"],
    key="map_colour",
    help="group: the labels that came with the data; cluster: k-means on the full vectors",
)
metric = c4.selectbox("Neighbour metric", ["cosine", "euclidean", "dot"], key="map_metric")
k = c5.number_input("Neighbours", 1, 50, key="map_k")

params = {}
with st.expander("Projection settings"):
    if method == "tsne":
        perplexity = st.number_input(
            "Perplexity (t-SNE)",
            0.5,
            10_000.0,
            None,
            key="map_perplexity",
            placeholder=f"auto ({default_perplexity(n):.1f})",
            help=f"About how many neighbours each point balances. Leave empty for automatic; at most (n − 1)/3 = {(n - 1) / 3:.1f} for {n} items.",
        )
        if perplexity is not None:
            params["perplexity"] = float(perplexity)
    elif method == "umap":
        n_neighbors = st.number_input(
            "Neighbours (UMAP)",
            2,
            100_000,
            None,
            key="map_neighbors",
            placeholder=f"auto ({min(15, max(2, n - 1))})",
            help=f"Local neighbourhood size. Leave empty for automatic; from 2 to {n - 1} for {n} items.",
        )
        if n_neighbors is not None:
            params["n_neighbors"] = int(n_neighbors)
    else:
        st.caption("PCA has no settings: it keeps the directions of largest variance.")

if n < 4:
    st.warning(
        f"A map needs at least 4 items to be a real projection; this set has {n}. They are laid out exactly instead. Add items on the Data page."
    )
try:
    coords = resources.project(vectors, method=method, n_components=dims, **params)
except InputError as exc:
    fail(str(exc))

# The chart's selection lives in session state before the chart is drawn again.
picked = selected_rows(st.session_state.get("map_chart"), n)
signature = tuple(picked)
if picked and signature != st.session_state.get("_map_last_pick"):
    st.session_state["map_selected"] = picked[0]
st.session_state["_map_last_pick"] = signature
selected = st.session_state.get("map_selected")
this_set = resources.digest(items.texts)
if selected is not None and (selected >= n or st.session_state.get("_map_for") != this_set):
    # A pick made on another set (even one of the same name and size): forget it, or it
    # would come back on the next rerun.
    selected = st.session_state["map_selected"] = None
st.session_state["_map_for"] = this_set

query = st.text_input(
    "Find items", key="map_search", placeholder="type part of a word to highlight matches"
)
matches = (
    [i for i, t in enumerate(items.texts) if query.strip() and query.strip().lower() in t.lower()]
    if query
    else []
)
neigh = (
    nearest(vectors, selected, k=int(k), metric=metric) if selected is not None and n > 1 else []
)

# The neighbours panel is drawn before the chart: on a big map the browser shows the list at
# once, while the figure (megabytes at 100,000 points) is still being rebuilt and sent.
left, right = st.columns([2.5, 1.5])
with right:
    if selected is None:
        st.subheader("Nearest neighbours")
        st.write("Click a dot on the map (or pick one below) to list its neighbours.")
    else:
        st.subheader(f"Nearest neighbours of “{plain(items.texts[selected])}”")
        st.caption(
            f"{SCORE_NAMES[metric]} in the full {vectors.shape[1]}-dimensional space"
            + (" (lower is nearer)." if metric == "euclidean" else ".")
        )
        neighbours_table(neigh, items.texts, items.labels, metric, key="map_neighbours")
    if n <= 5000:
        options = [None, *range(n)]
        choice = st.selectbox(
            "Or pick an item",
            options,
            index=options.index(selected) if selected in options else 0,
            format_func=lambda i: "—" if i is None else items.texts[i],
            key=f"map_pick_{selected}",
        )
        if choice != selected:
            st.session_state["map_selected"] = choice
            st.rerun()
    elif (
        len(matches) == 1
        and matches[0] != selected
        and st.button(f"Show neighbours of “{items.texts[matches[0]]}”", key="map_pick_match")
    ):
        st.session_state["map_selected"] = matches[0]
        st.rerun()


# On a big map a click redraws the figure, which Streamlit shows from its full view again: open
# it on the pick and its neighbours instead, or the star is a speck among thousands of dots.
zoomed = selected is not None and dims == 2 and n > ZOOM_FROM
groups = items.labels
if colour == "cluster":
    labels = resources.cached("cluster", vectors, compute=lambda: cluster(vectors))
    groups = [f"cluster {c + 1}" for c in labels]
fig = scatter_map(
    coords,
    items.texts,
    groups,
    highlight=[x.index for x in neigh] or matches[:500],
    selected=selected,
    group_title=colour,
    zoom_to=[selected, *(x.index for x in neigh)] if zoomed else (),
)

with left:
    st.plotly_chart(
        fig,
        on_select="rerun",
        selection_mode="points",
        key="map_chart",
        config={"scrollZoom": True, "displaylogo": False},
    )
    if zoomed:
        st.caption(
            f"Zoomed to “{plain(items.texts[selected])}” and its neighbours; double-click the map "
            "to see all of it."
        )
    if query and not matches:
        st.caption(f"No item contains “{plain(query)}”.")
    elif matches:
        st.caption(
            f"{len(matches):,} item(s) contain “{plain(query)}”"
            + (
                " (ringed in orange)."
                if not neigh
                else "; click empty space or clear the pick to see them ringed."
            )
        )
trust = resources.cached("trust", vectors, coords, compute=lambda: trustworthiness(vectors, coords))
st.caption(
    f"**Read the map with care.** Squeezing {vectors.shape[1]} dimensions into {dims} distorts distances: "
    "dots that are close are usually similar, but gaps between clusters and their sizes are not to scale. "
    f"Trustworthiness of this map: **{trust:.2f}** (1.00 means every dot's map neighbours are true neighbours)."
    if trust == trust
    else "With fewer than 4 items there is nothing to distort."
)
notes(items.notes)
