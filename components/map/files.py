"""The files and the Selection panel under the map: the points as CSV (every row, with its
clusters and the pick), the map as one HTML file, and what the lasso chose."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from components import resources
from components.data import downloads
from components.frame.items import Items
from components.map import clusters, html_file, tags
from components.map.controls import Settings
from core.io.exports import to_csv
from core.io.repeats import Repeats
from core.keys import texts_key

HEATMAP_CAP = 150


def selection_panel(items: Items, rows: list[int], shared: Repeats) -> None:
    """What the lasso chose, every row of it: listed, downloadable, and one click from the
    heatmap (which shows each text once)."""
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
    points = shared.points_of(rows)  # the heatmap's rows: each text once
    shown = points[:HEATMAP_CAP]
    if c2.button(
        f"Open {'these' if len(points) <= HEATMAP_CAP else f'the first {HEATMAP_CAP}'} in the "
        "Similarity heatmap", key="map_selection_heatmap", disabled=len(points) < 2,
    ):  # fmt: skip
        texts = [items.texts[i] for i in shared.first_row]
        st.session_state["sim_rows"] = {"for": texts_key(texts), "rows": shown}
        st.switch_page("pages/similarity.py")
    c3.button("Clear the selection", key="map_selection_clear", on_click=_clear_selection)
    tags.controls(items, rows)


def _clear_selection() -> None:
    st.session_state["map_lasso"] = []


def files(items: Items, coords: np.ndarray, col, s: Settings, selected, neigh, found=None,
          shared: Repeats | None = None, keep: np.ndarray | None = None) -> None:  # fmt: skip
    """The map's files under it: its points as CSV, with the pick and the cluster names as they
    are now (made when the button is pressed, so a million points cost nothing until then), and
    the HTML map. The picture is the map's own "PNG" button."""
    own = clusters.renamed()
    c1, c2 = st.columns([1, 2], vertical_alignment="center")
    c1.download_button(
        "Download the points (CSV)", file_name="map-points.csv", mime="text/csv",
        data=lambda: to_csv(downloads.map_points_table(
            items, coords, col, selected=selected, neighbours=neigh, metric=s.metric,
            extra={**clusters.columns(found, own), **_in_filter(keep)}, shared=shared)),
        key="map_dl_csv", icon=":material/download:", on_click="ignore",
        help="Every point as drawn: text, group, columns, coordinates, its clusters (number "
        "and name); and the picked item, its neighbours' rank and score (as listed).",
    )  # fmt: skip
    with c2:
        export(coords, items, col, s)


def _in_filter(keep: np.ndarray | None) -> dict[str, np.ndarray]:
    return {} if keep is None else {"in_filter": keep}


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
