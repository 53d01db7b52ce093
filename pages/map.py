from dataclasses import replace

import streamlit as st

from components import resources
from components.frame import postprocessing
from components.frame.items import current_items, dedupe, vectors_of
from components.frame.sidebar import page_frame
from components.frame.state import persist
from components.map import area, clusters, element, faithfulness, filters, jobs, timeline
from components.map import controls as map_controls
from components.widgets import notes, plain
from core.errors import InputError
from core.io.repeats import repeats
from core.keys import texts_key

page_frame(
    "Map",
    "Each dot is an item; similar items sit close. **Click a dot** for its nearest neighbours in "
    "the full space; scroll to zoom, drag to move, **Lasso** to select.",
)
persist(
    "map_method", "map_dims", "map_colour", "map_metric", "map_k", "map_search", "map_find",
    "map_perplexity", "map_neighbors", "map_debias", "map_debias_from", "map_export",
    filters.PICK,
    clusters.ON, clusters.HOW, clusters.K, clusters.RENAMED,
)  # fmt: skip
element.preload()
rows = current_items()  # every row is drawn; rows with the same text share a point
items = dedupe(rows)  # the points: each text once (encoded, placed and clustered once)
shared = resources.cached("repeats", texts_key(rows.texts), compute=lambda: repeats(rows.texts))
vectors = vectors_of(items)
n = len(items.texts)
settings = map_controls.controls(items)
vectors = map_controls.without(vectors, settings)
if settings.method != map_controls.STORED:
    settings = jobs.guard(vectors, settings)
area.forget_stale_picks(rows)

if n < 4:
    st.warning(
        f"A map needs at least 4 items to be a real projection; this set has {n}. They are laid "
        "out exactly instead. Add items on the Data page."
    )
try:
    if settings.method == map_controls.STORED:
        coords, settings = map_controls.stored_view(items, settings)
    else:
        coords = resources.project(
            vectors, method=settings.method, n_components=settings.dims, **settings.params
        )
except InputError as exc:  # the picture stays (as PCA) while the message says what to change
    st.error(plain(exc), icon=":material/error:")
    settings = replace(settings, method="pca", params={})
    coords = resources.project(vectors, method="pca", n_components=settings.dims)

st.session_state["map_shown"] = {  # what the Data page's coordinates download exports
    "for": texts_key(rows.texts), "points": texts_key(items.texts), "first_rows": shared.first_row, "method": settings.method, "dims": settings.dims,
    "params": settings.params, "removed": settings.removed, "post": postprocessing.mode(),
    "metric": settings.metric, "k": settings.k,
}  # fmt: skip
found = clusters.found(items, vectors, coords, settings.clusters, shared)  # told in rows
st.session_state["map_shown"]["clusters"] = found
colouring = area.colours_for(rows, vectors, settings.colour, coords, settings.k, found, shared)
drawn = (
    coords
    if not shared.shared
    else resources.cached(
        "row-coords", coords, shared.point_of_row, compute=lambda: coords[shared.point_of_row]
    )
)
ids, blobs = area.blobs(drawn, rows, colouring, shared)
index = resources.index(vectors, settings.metric)
faithfulness.hubs_note(vectors, settings.metric)
sieve = filters.filtered(rows, area.cluster_names(found), settings.colour)
area.map_area(rows, index, ids, settings, drawn, colouring, found, shared, sieve)
timeline.chart(rows, sieve, colouring)
element.mount_blobs(*blobs)  # after the map: zero-height elements, sent once (see map_view)

st.caption(faithfulness.caption(vectors, coords, settings.dims))
faithfulness.placement_note(settings.method, n)
notes(rows.notes)
