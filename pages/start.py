import streamlit as st

from components import resources
from components.figures import heatmap
from components.frame import fail, page_frame
from core.datasets import load_dataset
from core.errors import ExplorerError
from core.models import DEFAULT_MODEL
from core.similarity import similarity_matrix

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
    "cat and kitten are closest; dog and kitten, furthest apart. The model learned this from how the words are used."
)

st.subheader("Same meaning, different words")
st.write(
    "Two of these sentences say the same thing with no word in common. The brighter the square, the more similar the pair."
)
st.plotly_chart(heatmap(similarity_matrix(sv), sentences), key="start_heatmap")

st.subheader("Where to next")
c1, c2, c3 = st.columns(3)
with c1:
    st.page_link(
        "pages/map.py",
        label="**Map**: 90 words, clustered. Click one to see its neighbours.",
        icon=":material/scatter_plot:",
    )
    st.page_link(
        "pages/similarity.py",
        label="**Similarity**: every pair at once, as a heatmap.",
        icon=":material/grid_on:",
    )
with c2:
    st.page_link(
        "pages/analogy.py",
        label="**Analogy**: king − man + woman, and the trick behind it.",
        icon=":material/functions:",
    )
    st.page_link(
        "pages/search.py",
        label="**Search**: find documents by meaning, not keywords.",
        icon=":material/search:",
    )
with c3:
    st.page_link(
        "pages/context.py",
        label="**Context**: 'bank' by a river vs 'bank' for money.",
        icon=":material/text_fields:",
    )
    st.page_link(
        "pages/data.py",
        label="**Data**: your own words, texts or vectors.",
        icon=":material/upload_file:",
    )
