import streamlit as st

from components.chart_config import picture
from components.figures import heatmap
from components.frame.items import current_items, dedupe, vectors_of
from components.frame.sidebar import page_frame
from components.frame.state import persist
from components.recipes import scripts
from components.selection import by_cluster, chosen_rows, map_clusters
from core.neighbours.similarity import block_order, extreme_pairs, similarity_matrix

CAP = 150
page_frame(
    "Similarity",
    "Every item against every other: each square's colour is how similar two items are. Rows are "
    "ordered so that items that resemble each other sit together, and groups show as bright blocks. "
    "Hover a square for the exact value.",
)
persist("sim_metric", "sim_count", "sim_by_cluster")
items = dedupe(current_items())
n_all = len(items.texts)
st.session_state.setdefault("sim_metric", "cosine")
c1, c2 = st.columns(2)
metric = c1.selectbox(
    "Metric",
    ["cosine", "dot", "euclidean"],
    key="sim_metric",
    help="cosine: angle (−1..1); dot: cosine × lengths; euclidean: straight-line distance (lower = more similar)",
)
count = n_all
if n_all > 2:
    st.session_state.setdefault("sim_count", min(n_all, 60))
    st.session_state["sim_count"] = min(st.session_state["sim_count"], n_all, CAP)
    count = c2.slider(
        "Items shown",
        2,
        min(n_all, CAP),
        key="sim_count",
        help=f"The first items of the set; at most {CAP}, beyond which squares get too small to read.",
    )
if n_all < 2:
    st.warning(
        f"A heatmap needs at least 2 items; this set has {n_all}. Add items on the Data page."
    )
    st.stop()

rows, from_map = chosen_rows(items, count)
if from_map:
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.caption(f"Showing the {len(rows)} items you selected on the Map.")
    if right.button("Show the first items instead", key="sim_rows_clear"):
        st.session_state["sim_rows"] = None
        st.rerun()
elif n_all > count:
    st.caption(f"Showing the first {count} of {n_all:,} items.")
vectors = vectors_of(items)[rows]
texts = [items.texts[i] for i in rows]
matrix = similarity_matrix(vectors, metric=metric)
order = block_order(matrix, higher_is_similar=metric != "euclidean")
labels = map_clusters(items)
if labels is not None and st.toggle(
    "Order by the Map's clusters", key="sim_by_cluster",
    help="Rows grouped by the Map's named clusters (coarse level; noise last), each group in the "
    "similarity order.",
):  # fmt: skip
    order = by_cluster(list(order), [labels[r] for r in rows])
ordered = matrix[order][:, order]
st.plotly_chart(
    heatmap(ordered, [texts[i] for i in order], metric=metric),
    key="sim_heatmap",
    config=picture("sim_heatmap"),
)
scripts.show(
    scripts.similarity_script(
        model=items.model_name or "", metric=metric, rows=[int(r) for r in rows]
    )
)

most, least = extreme_pairs(matrix, n=5, higher_is_similar=metric != "euclidean")
left, right = st.columns(2)
for col, title, pairs in (
    (left, "Most similar pairs", most),
    (right, "Least similar pairs", least),
):
    col.subheader(title)
    col.dataframe(
        {
            "item": [texts[i] for i, _, _ in pairs],
            "and": [texts[j] for _, j, _ in pairs],
            metric: [round(v, 4) for _, _, v in pairs],
        },
        hide_index=True,
        width="stretch",
    )
