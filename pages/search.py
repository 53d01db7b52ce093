import streamlit as st

from components import resources
from components.figures import ranked_bars
from components.frame import fail, model_kind, model_name, page_frame, persist
from components.widgets import plain
from core.datasets import load_dataset
from core.errors import ExplorerError
from core.io import parse_text
from core.models import DEFAULT_MODEL
from core.neighbours import nearest

page_frame(
    "Search",
    "Search by meaning: the query and every document become vectors, and documents are ranked by "
    "cosine similarity to the query. A document can rank first without sharing a single word with it.",
)
persist("search_query", "search_docs")
seed = load_dataset("search-documents")
st.session_state.setdefault("search_query", seed.query)
st.session_state.setdefault("search_docs", "\n".join(seed.texts))
query = st.text_input("Query", key="search_query")
docs_text = st.text_area("Documents (one per line)", key="search_docs", height=200)
name = model_name()
if model_kind(name) == "word":
    st.info(
        f"{name} has one vector per word and cannot read sentences; search uses the sentence model {DEFAULT_MODEL}."
    )
    name = DEFAULT_MODEL
if not query.strip():
    fail("Type a query to search for.")
try:
    docs = parse_text(docs_text)
    vectors = resources.encode(name, docs.texts)
    q = resources.encode(name, [query.strip()])[0]
except ExplorerError as exc:
    fail(str(exc))
ranked = nearest(vectors, q, k=len(docs.texts), metric="cosine")
st.subheader("Ranked by meaning")
st.plotly_chart(
    ranked_bars(
        [(docs.texts[r.index], r.score) for r in ranked],
        score_name="cosine similarity to the query",
    ),
    key="search_bars",
)
words = {w.strip("?.,!").lower() for w in query.split()}
top = docs.texts[ranked[0].index]
shared = words & {w.strip("?.,!").lower() for w in top.split()}
st.caption(
    f"The best match shares {len(shared)} word(s) with the query{': ' + plain(', '.join(sorted(shared))) if shared else ''}."
)
for note in docs.notes:
    st.info(note)
