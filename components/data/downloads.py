"""The Data page's downloads of the current set: embeddings, the Projector pair, and the map's
coordinates exactly as the Map shows them (same method, dimensions and settings, and the picked
item with its ranked neighbours), each with every input row, its row number and the input's own
columns, so it joins back. Also the Map page's own table of its points (:func:`map_points_table`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import streamlit as st

from components import resources
from components.directions import removal
from components.frame import postprocessing
from components.frame.items import Items, dedupe, vectors_of
from components.map import clusters
from components.map.click import neighbours_of
from components.map.payload import Colouring
from components.text import plain, short
from core.io.exports import coordinates_table, embeddings_table, first_rows, projector_tsvs, to_csv
from core.io.repeats import Repeats
from core.keys import texts_key
from core.neighbours.exact import SCORE_NAMES, Neighbour

NAMES = {"tsne": "t-SNE", "umap": "UMAP", "pca": "PCA", "stored": "as stored"}


def section(items: Items) -> None:
    vectors = vectors_of(items)
    repeats = int((first_rows(items.texts) != range(len(items.texts))).sum())
    if repeats:
        st.caption(
            f"{repeats:,} row(s) repeat an earlier text: every download keeps them (column "
            "`row` is the input's row number). They share their text's vector and its place "
            "on the map (`drawn_as_row` names the first row with that text)."
        )
    c1, c2, c3 = st.columns(3)
    emb = with_clusters(embeddings_table(items.texts, items.labels, items.columns, vectors), items)
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
    if shown and shown.get("for") == texts_key(items.texts):
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
    vectors = postprocessing.apply(vectors_of(unique, post=False), post, unique.model_name)
    removed = shown.get("removed")
    if removed is not None:  # the Map drew these vectors with a direction taken out
        vectors = removal.vectors_without(vectors, removed[1])
    if shown["method"] == "stored":  # the coordinates that came with the data, as drawn
        coords = unique.coords[:, : shown["dims"]]
    elif not resources.projection_ready(vectors, **wanted):
        column.caption("Map coordinates: the Map has not finished this projection yet.")
        return
    else:
        coords = resources.project(vectors, **wanted)
    table = _with_pick(
        coordinates_table(items.texts, items.labels, items.columns, coords), unique, vectors, shown
    )
    table = with_clusters(table, items)
    settings = ", ".join(f"{k} {v:g}" for k, v in shown["params"].items())
    label = f"{NAMES[shown['method']]}, {shown['dims']}D" + (f", {settings}" if settings else "")
    if post != "none":
        label += f", vectors {postprocessing.MODES[post]}"
    if removed is not None:
        label += f", {short(removed[0], 40)} direction removed"
    column.download_button(
        f"Map coordinates ({label}, CSV)", to_csv(table), "map.csv", "text/csv",
        key="data_dl_map", help=f"Exactly the map on the Map page: {plain(label)}; with the "
        "item picked there and its listed neighbours.",
    )  # fmt: skip


def with_clusters(table: pd.DataFrame, items: Items) -> pd.DataFrame:
    """The Map's cluster numbers and names for every input row (a repeated text's are those of
    the point it is drawn as), when the Map last drew this set with named clusters."""
    found = (shown_map(items) or {}).get("clusters")
    for name, values in clusters.columns(found).items():
        table[name] = values
    return table


def _with_pick(table: pd.DataFrame, unique: Items, vectors: np.ndarray, shown: dict):
    """The pick's columns for every input row, from the point it is drawn as."""
    metric, k = shown.get("metric", "cosine"), int(shown.get("k", 10))
    picked_row = st.session_state.get("map_selected")  # a row of the map (every row drawn)
    drawn = table["drawn_as_row"].to_numpy()
    selected = None
    if picked_row is not None and 0 <= picked_row < len(drawn):
        selected = int(np.searchsorted(np.unique(drawn), drawn[picked_row]))
    neigh = (
        neighbours_of(resources.index(vectors, metric), selected, k) if selected is not None else []
    )
    point_of = np.searchsorted(np.unique(drawn), drawn)  # input row → its point on the map
    picks = pick_columns(len(unique.texts), selected, neigh, metric).iloc[point_of]
    picks["picked"] = np.arange(len(table)) == (-1 if selected is None else picked_row)
    return pd.concat([table, picks.set_axis(table.index)], axis=1)


def pick_columns(
    n: int, selected: int | None, neighbours: Sequence[Neighbour], metric: str
) -> pd.DataFrame:
    """One row per map point: ``picked`` (the clicked item), ``neighbour_rank`` (1 … k for its
    listed neighbours, empty otherwise) and their score under the metric (named as the list
    names it, e.g. "cosine similarity"), empty for the other points."""
    rank, empty, score = np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool), np.full(n, np.nan)
    for r, x in enumerate(neighbours, start=1):
        rank[x.index], empty[x.index], score[x.index] = r, False, x.score
    picked = np.zeros(n, dtype=bool)
    if selected is not None:
        picked[selected] = True
    ranks = pd.arrays.IntegerArray(rank, empty)  # empty cells for the points not listed
    return pd.DataFrame({"picked": picked, "neighbour_rank": ranks, SCORE_NAMES[metric]: score})


def map_points_table(
    items: Items,
    coords: np.ndarray,
    col: Colouring,
    *,
    selected: int | None,
    neighbours: Sequence[Neighbour],
    metric: str,
    extra: dict[str, list] | None = None,
    shared: Repeats | None = None,
) -> pd.DataFrame:
    """The Map's points as drawn, one line per row: its number (``point``), text, group, the
    table's own columns, the colour when it is not one of those (a cluster, neighbours kept),
    the coordinates, ``extra`` columns (the clusters' numbers and names), and the pick. With
    ``shared`` (rows that repeat a text), ``same_text_rows`` counts the rows sharing each row's
    text, and every such row of a listed neighbour carries its rank."""
    table = pd.DataFrame({"point": np.arange(len(items.texts)), "text": items.texts,
                          "group": items.labels})  # fmt: skip
    for name, values in items.columns.items():
        table[name if name not in table.columns else f"{name} (column)"] = list(values)
    if col.title not in table.columns and col.title != "group":
        table[f"colour: {col.title}"] = np.asarray(col.names, dtype=object)[col.codes]
    for i, axis in enumerate("xyz"[: coords.shape[1]]):
        table[axis] = coords[:, i]
    for name, values in (extra or {}).items():
        table[name] = values
    if shared is None or not shared.shared:
        picks = pick_columns(len(table), selected, neighbours, metric)
    else:
        table["same_text_rows"] = shared.row_counts()
        points = [Neighbour(int(shared.point_of_row[x.index]), x.score) for x in neighbours]
        picks = pick_columns(len(shared.first_row), None, points, metric).iloc[shared.point_of_row]
        picks["picked"] = np.arange(len(table)) == (-1 if selected is None else selected)
    return pd.concat([table, picks.set_axis(table.index)], axis=1)
