"""The Data page's downloads of the current set: embeddings, the Projector pair, and the map's
coordinates exactly as the Map shows them (same method, dimensions and settings), each with
every input row, its row number and the input's own columns, so it joins back."""

from __future__ import annotations

import streamlit as st

from components import debias, postprocess, resources
from components.frame import Items, dedupe, vectors_of
from components.text import plain, short
from core.exports import coordinates_table, embeddings_table, first_rows, projector_tsvs
from core.io import to_csv

NAMES = {"tsne": "t-SNE", "umap": "UMAP", "pca": "PCA"}


def section(items: Items) -> None:
    vectors = vectors_of(items)
    repeats = int((first_rows(items.texts) != range(len(items.texts))).sum())
    if repeats:
        st.caption(
            f"{repeats:,} row(s) repeat an earlier text: every download keeps them (column "
            "`row` is the input's row number); the map draws each text once, and its "
            "coordinates name the row drawn (`drawn_as_row`)."
        )
    c1, c2, c3 = st.columns(3)
    emb = embeddings_table(items.texts, items.labels, items.columns, vectors)
    c1.download_button(
        "Embeddings (CSV)", to_csv(emb), "embeddings.csv", "text/csv", key="data_dl_emb"
    )
    vec_tsv, meta_tsv = projector_tsvs(vectors, items.texts, items.labels, items.columns)
    c2.download_button(
        "Projector vectors (TSV)", vec_tsv, "vectors.tsv", "text/tab-separated-values",
        key="data_dl_vec",
    )  # fmt: skip
    c2.download_button(
        "Projector metadata (TSV)", meta_tsv, "metadata.tsv", "text/tab-separated-values",
        key="data_dl_meta",
    )  # fmt: skip
    _coordinates(items, c3)


def shown_map(items: Items) -> dict | None:
    """The projection the Map last drew for this set (method, dims, params), if any."""
    shown = st.session_state.get("map_shown")
    unique = dedupe(items)
    if shown and shown.get("for") == resources.texts_key(unique.texts):
        return shown
    return None


def _coordinates(items: Items, column) -> None:
    shown = shown_map(items)
    if shown is None:
        column.caption("Map coordinates: open the Map first; this then downloads the map you see.")
        return
    unique = dedupe(items)
    wanted = dict(method=shown["method"], n_components=shown["dims"], **shown["params"])
    post = shown.get("post", "none")  # the Map drew the vectors post-processed this way
    vectors = postprocess.apply(vectors_of(unique, post=False), post, unique.model_name)
    removed = shown.get("removed")
    if removed is not None:  # the Map drew these vectors with a direction taken out
        vectors = debias.vectors_without(vectors, removed[1])
    if not resources.projection_ready(vectors, **wanted):
        column.caption("Map coordinates: the Map has not finished this projection yet.")
        return
    coords = resources.project(vectors, **wanted)
    table = coordinates_table(items.texts, items.labels, items.columns, coords)
    settings = ", ".join(f"{k} {v:g}" for k, v in shown["params"].items())
    label = f"{NAMES[shown['method']]}, {shown['dims']}D" + (f", {settings}" if settings else "")
    if post != "none":
        label += f", vectors {postprocess.MODES[post]}"
    if removed is not None:
        label += f", {short(removed[0], 40)} direction removed"
    column.download_button(
        f"Map coordinates ({label}, CSV)", to_csv(table), "map.csv", "text/csv",
        key="data_dl_map", help=f"Exactly the map on the Map page: {plain(label)}.",
    )  # fmt: skip
