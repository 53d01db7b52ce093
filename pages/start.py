import streamlit as st

from components import resources
from components.chart_config import picture
from components.figures import heatmap
from components.frame.sidebar import page_frame
from components.frame.state import fail
from components.recipes import measures, scripts
from core.errors import ExplorerError
from core.io.datasets import load_dataset
from core.models.registry import DEFAULT_MODEL
from core.neighbours.similarity import similarity_matrix

page_frame(
    "Start here",
    "An **embedding** turns a word or a text into a list of numbers (a vector), learned so that "
    "texts with similar meaning get similar vectors. We compare two vectors by the angle between "
    "them: **cosine similarity** is 1 for the same direction and near 0 for unrelated ones. "
    "Everything in this app is that idea, drawn.",
)

st.subheader("Is a cat more like a kitten or a dog?")
try:
    words = load_dataset("cat-kitten-dog").texts
    v = resources.encode(DEFAULT_MODEL, words)
    sentences = load_dataset("cat-sentences").texts
    sv = resources.encode(DEFAULT_MODEL, sentences)
except ExplorerError as exc:
    fail(str(exc))
sim = similarity_matrix(v)
cols = st.columns(3)
for col, (i, j) in zip(cols, [(0, 1), (0, 2), (2, 1)], strict=True):
    col.metric(
        f"{words[i]} ↔ {words[j]}", f"{sim[i, j]:.3f}", help="cosine similarity, all-MiniLM-L6-v2"
    )
st.caption(
    f"cat and kitten are closest; dog and kitten, furthest apart. The model learned this from how the words are used. "
    f"This page always uses the sentence model {DEFAULT_MODEL}; the sidebar's choice applies to the other pages."
)

st.subheader("Same meaning, different words")
st.write(
    "Two of these sentences say the same thing with no word in common. The brighter the square, the more similar the pair."
)
st.plotly_chart(
    heatmap(similarity_matrix(sv), sentences), key="start_heatmap", config=picture("start_heatmap")
)
scripts.show(measures.start_script())

st.subheader("Where to next")
demo = load_dataset("ninety-words")  # the sidebar's built-in set, which the Map opens on
NEXT = [
    (
        "pages/map.py",
        f"**Map**: the {len(demo.texts)}-word demo, clustered. Click one to see its neighbours.",
        "scatter_plot",
    ),
    ("pages/similarity.py", "**Similarity**: every pair at once, as a heatmap.", "grid_on"),
    ("pages/analogy.py", "**Analogy**: king − man + woman, and the trick behind it.", "functions"),
    ("pages/search.py", "**Search**: find documents by meaning, not keywords.", "search"),
    ("pages/context.py", "**Context**: 'bank' by a river vs 'bank' for money.", "text_fields"),
    ("pages/data.py", "**Data**: your own words, texts or vectors.", "upload_file"),
]
# One link a line: page links do not wrap, and three columns cut their labels mid-word.
for target, label, icon in NEXT:
    st.page_link(target, label=label, icon=f":material/{icon}:")
