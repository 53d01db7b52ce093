from dataclasses import replace

import streamlit as st

from components import (
    long_work,
    map_controls,
    map_page,
    map_trust,
    map_view,
    postprocess,
    resources,
)
from components.frame import current_items, dedupe, page_frame, persist, vectors_of
from components.widgets import notes, plain
from core.errors import InputError

page_frame(
    "Map",
    "Each dot is an item; similar items sit close. **Click a dot** for its nearest neighbours in "
    "the full space; scroll to zoom, drag to move, **Lasso** to select.",
)
persist(
    "map_method", "map_dims", "map_colour", "map_metric", "map_k", "map_search", "map_find",
    "map_perplexity", "map_neighbors", "map_debias", "map_debias_from", "map_export",
)  # fmt: skip
map_view.preload()
items = dedupe(current_items())
vectors = vectors_of(items)
n = len(items.texts)
settings = map_controls.controls(items)
vectors = map_controls.without(vectors, settings)
if settings.method != map_controls.STORED:
    settings = long_work.guard(vectors, settings)
map_page.forget_stale_picks(items)

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
    "for": resources.texts_key(items.texts), "method": settings.method, "dims": settings.dims,
    "params": settings.params, "removed": settings.removed, "post": postprocess.mode(),
    "metric": settings.metric, "k": settings.k,
}  # fmt: skip
colouring = map_page.colours_for(items, vectors, settings.colour, coords, settings.k)
ids, blobs = map_page.blobs(coords, items, colouring)
index = resources.index(vectors, settings.metric)
map_trust.hubs_note(vectors, settings.metric)
map_page.map_area(items, index, ids, settings, coords, colouring)
map_view.mount_blobs(*blobs)  # after the map: zero-height elements, sent once (see map_view)

st.caption(map_trust.caption(vectors, coords, settings.dims))
map_trust.placement_note(settings.method, n)
notes(items.notes)
