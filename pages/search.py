import streamlit as st

from components import resources
from components.chart_config import picture
from components.figures import ranked_bars
from components.frame.items import current_items, model_kind, model_name
from components.frame.sidebar import page_frame
from components.frame.state import fail, persist
from components.recipes import scripts
from components.search import current
from components.search import ranking as search_rank
from components.text import plain, short
from components.widgets import notes
from core.errors import ExplorerError
from core.io.datasets import load_dataset
from core.io.uploads import parse_text
from core.models.registry import DEFAULT_MODEL

page_frame(
    "Search",
    "Search by meaning: the query and every document become vectors, and documents are ranked by "
    "cosine similarity to the query (or by a re-ranking, below). A document can rank near the top without sharing a single word with it.",
)
persist("search_query", "search_docs", "search_rank", current.SOURCE, current.TOP)
items = current_items()
source = current.choose_source(items)
seed = load_dataset("search-documents")
st.session_state.setdefault("search_query", seed.query)
st.session_state.setdefault("search_docs", "\n".join(seed.texts))
query = st.text_input("Query", key="search_query")
if source == current.EXAMPLES:
    docs_text = st.text_area("Documents (one per line)", key="search_docs", height=200)
name = model_name()
if model_kind(name) == "word":
    st.info(
        f"{name} has one vector per word and cannot read sentences; search uses the sentence model {DEFAULT_MODEL}."
    )
    name = DEFAULT_MODEL
if not query.strip():
    fail("Type a query to search for.")
if source == current.DATA:
    if items.model_name is None:
        fail("This set came with its own vectors, so a query cannot be embedded like them; "
             "search the example documents, or bring the texts without vectors.")  # fmt: skip
    try:
        current.show(items, name, query.strip())
    except ExplorerError as exc:
        fail(str(exc))
    notes(items.notes)
    st.stop()
try:
    docs = parse_text(docs_text)
    vectors = resources.encode(name, docs.texts)
    q = resources.encode(name, [query.strip()])[0]
except ExplorerError as exc:
    fail(str(exc))
rank_by = search_rank.choose(len(docs.texts))
ranked = search_rank.ranked(vectors, q, rank_by)
st.subheader("Ranked by meaning")
st.plotly_chart(
    ranked_bars(
        [(docs.texts[r.index], r.score) for r in ranked],
        score_name=search_rank.score_name(rank_by),
    ),
    key="search_bars",
    config=picture("search_bars"),
)
scripts.show(scripts.search_script(model=name, query=query.strip(), docs=docs.texts, how=rank_by))


def _words(text: str) -> set[str]:
    return {w.strip("?.,!;:'\"()").lower() for w in text.split()} - {""}


asked = _words(query)
shared = [asked & _words(docs.texts[r.index]) for r in ranked]
caption = f"The best match shares {len(shared[0])} word(s) with the query" + (
    f": {plain(', '.join(sorted(shared[0])))}." if shared[0] else "."
)
by_meaning = next((i for i, s in enumerate(shared) if not s), None)
if shared[0] and by_meaning is not None and by_meaning < 3:
    caption += (
        f" “{plain(short(docs.texts[ranked[by_meaning].index], 120))}”, ranked #{by_meaning + 1}, shares "
        "none: only its meaning brought it up."
    )
st.caption(caption)
notes(docs.notes)
