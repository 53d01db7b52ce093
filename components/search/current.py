"""Search over the current dataset (the sidebar's): its texts ranked by meaning against a query,
shown as a table with each row's id and columns (any number of results), downloadable, and one
click from the Map (ringed there, the camera kept). Rows that repeat a text share its rank."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from components import resources
from components.frame.items import Items, dedupe
from components.map import filters
from components.selection import SEARCHED
from components.text import plain, short
from core.io import filters as rules
from core.io.exports import to_csv
from core.io.repeats import repeats
from core.keys import texts_key
from core.neighbours.exact import Neighbour, nearest

TOP = "search_top"


SOURCE = "search_source"
DATA, EXAMPLES = "data", "examples"


def choose_source(items: Items) -> str:
    """Search the current dataset (by default, unless it is a list of single words, which a
    query reads poorly against) or the example documents."""
    words = all(" " not in t.strip() for t in items.texts[:2_000])
    st.session_state.setdefault(SOURCE, EXAMPLES if words else DATA)
    labels = {DATA: f"Your data: {short(items.title, 40)}", EXAMPLES: "Example documents"}
    return st.segmented_control("Search in", [DATA, EXAMPLES], key=SOURCE,
                                format_func=labels.get) or DATA  # fmt: skip


def ranked_points(items: Items, model: str, query: str) -> tuple[Items, list[Neighbour]]:
    """The distinct texts of ``items`` (each once) and all of them ranked by cosine similarity
    to the query, best first (the same encoding the other pages use, cached)."""
    points = dedupe(items)
    vectors = resources.encode(model, points.texts)
    q = resources.encode(model, [query])[0]
    return points, nearest(vectors, q, k=len(points.texts), metric="cosine")


def table(items: Items, ranked: list[Neighbour], top: int, keep=None) -> pd.DataFrame:
    """The top ``top`` texts' rows (every row of each; with ``keep``, a bool per row, only the
    texts and rows it keeps), best first: rank, score, row, text, group, the table's columns."""
    shared = repeats(items.texts)
    if keep is not None:
        passing = np.zeros(len(shared.first_row), dtype=bool)
        passing[shared.point_of_row[np.asarray(keep, dtype=bool)]] = True
        ranked = [x for x in ranked if passing[x.index]]
    rank_of = np.zeros(len(shared.first_row), dtype=np.int64)
    score_of = np.full(len(shared.first_row), np.nan)
    for r, x in enumerate(ranked[:top], start=1):
        rank_of[x.index], score_of[x.index] = r, x.score
    rows = [row for x in ranked[:top] for row in shared.rows_of([x.index])
            if keep is None or keep[row]]  # fmt: skip
    out = pd.DataFrame({
        "rank": rank_of[shared.point_of_row[rows]],
        "cosine similarity": score_of[shared.point_of_row[rows]],
        "row": rows,
        "text": [items.texts[r] for r in rows],
        "group": [items.labels[r] for r in rows],
    })  # fmt: skip
    for name, values in items.columns.items():
        out[name if name not in out.columns else f"{name} (column)"] = [values[r] for r in rows]
    return out


def _within_filter(items: Items):
    """The rows the Map's filter keeps, when it filters this set and the user keeps the
    search within it (on by default, said on the page); else None."""
    spec = filters.current()
    if not spec:
        return None
    columns = {"group": items.labels, **items.columns}
    keep = rules.kept(columns, spec, len(items.texts))
    if keep.all():
        return None
    said = rules.describe({k: v for k, v in spec.items() if k in columns})
    on = st.toggle(f"Only the {int(keep.sum()):,} rows the Map's filter keeps ({short(said, 80)})",
                   value=True, key="search_in_filter")  # fmt: skip
    return keep if on else None


def show(items: Items, model: str, query: str) -> None:
    """The results on the page: how many, the table, its CSV and "Show on the map"."""
    points, ranked = ranked_points(items, model, query)
    n = len(points.texts)
    st.session_state.setdefault(TOP, min(20, n))
    if st.session_state[TOP] > n:
        st.session_state[TOP] = n
    top = int(st.number_input("Results", 1, max(1, n), key=TOP,
                              help="How many of the best-matching texts to list (all of them "
                              "at most); rows that repeat a text are listed with it."))  # fmt: skip
    shown = table(items, ranked, top, _within_filter(items))
    st.subheader(f"“{plain(short(query, 80))}” in {plain(short(items.title, 60))}: the best "
                 f"{top:,} of {n:,} texts")  # fmt: skip
    st.dataframe(shown, hide_index=True, key="search_table", height=min(420, 38 + 35 * len(shown)),
                 column_config={"cosine similarity": st.column_config.NumberColumn(format="%.3f")})  # fmt: skip
    c1, c2 = st.columns(2)
    c1.download_button("Download these results (CSV)", to_csv(shown), "search-results.csv",
                       "text/csv", key="search_csv", icon=":material/download:")  # fmt: skip
    if c2.button("Show them on the map", key="search_on_map", icon=":material/map:"):
        st.session_state[SEARCHED] = {"for": texts_key(items.texts), "rows": list(shown["row"]),
                                    "query": query}  # fmt: skip
        st.switch_page("pages/map.py")
