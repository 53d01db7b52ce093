"""Python recipes: a short script, runnable from the project folder (`.venv/bin/python`), that
reproduces the numbers a page shows with `core`, shown in a "Python recipe" expander. The map's
recipe covers the bundled datasets with vectors as learned; for anything else it says what it
leaves out."""

from __future__ import annotations

import streamlit as st

from components.frame.items import CUSTOM

HEAD = "# Run from the project folder: .venv/bin/python recipe.py\n"


def show(script: str) -> None:
    with st.expander("Python recipe", icon=":material/code:"):
        st.caption("The same numbers with `core`, ready to paste into a notebook or a file.")
        st.code(script, language="python")


def analogy_script(
    a: str, b: str, c: str, *, model: str, exclude: bool, method: str, topn: int
) -> str:
    return (
        HEAD
        + f"""from core.analogy import analogy
from core.models import load_model

model = load_model({model!r})
result = analogy(model, [{b!r}, {c!r}], [{a!r}], topn={topn}, exclude_inputs={exclude}, method={method!r})
for word, score in result.results:
    print(f"{{word}}\\t{{score:.4f}}")
"""
    )


def items_code() -> str | None:
    """How the recipe gets the sidebar's items, or None for data only this browser has."""
    ss = st.session_state
    name = ss.get("frame_dataset", "ninety-words")
    if name == CUSTOM:
        return None
    n = f", n={int(ss.get('frame_glove_n') or 10_000)}" if name == "glove-top" else ""
    return (f"data = load_dataset({name!r}{n})\n"
            "texts = list(dict.fromkeys(data.texts))  # each text once: its rows share its place\n")  # fmt: skip


def plain_vectors_only(items: str | None) -> str | None:
    """A note when the view has parts a recipe cannot rebuild from the bundled data."""
    if items is None or st.session_state.get("frame_post", "none") != "none":
        return ("# This view uses your own uploaded data or a post-processing; this recipe\n"
                "# covers the bundled datasets with vectors as learned.\n")  # fmt: skip
    return None


def similarity_script(*, model: str, metric: str, rows: list[int]) -> str:
    """The heatmap's matrix, rows and columns in the page's order."""
    items = items_code()
    note = plain_vectors_only(items)
    if note:
        return note
    return (
        HEAD
        + f"""from core.io import load_dataset
from core.models import load_model
from core.neighbours import block_order, similarity_matrix

{items}rows = {rows!r}
vectors = load_model({model!r}).encode([texts[i] for i in rows])
matrix = similarity_matrix(vectors, metric={metric!r})
order = block_order(matrix, higher_is_similar={metric != "euclidean"})
for i in order:
    print(texts[rows[i]], *(f"{{matrix[i, j]:.4f}}" for j in order), sep="\t")
"""
    )


def search_script(*, model: str, query: str, docs: list[str], how: str) -> str:
    """The documents ranked for the query, under cosine or a re-ranking."""
    if len(docs) > 200:
        return "# A recipe writes the documents into the script: up to 200 of them.\n"
    rank = (
        "ranked = nearest(vectors, q, k=len(docs), metric='cosine')\n"
        if how == "cosine"
        else f"ranked = RerankedIndex(vectors, {how!r}).query(q, k=len(docs))\n"
    )
    return (
        HEAD
        + f"""from core.models import load_model
from core.neighbours import RerankedIndex, nearest

model = load_model({model!r})
docs = {docs!r}
vectors = model.encode(docs)
q = model.encode([{query!r}])[0]
{rank}for r in ranked:
    print(docs[r.index], f"{{r.score:.4f}}", sep="\t")
"""
    )


def map_script(*, model: str, method: str, dims: int, params: dict, metric: str, k: int,
               pick: str | None, clusters: str = "") -> str:  # fmt: skip
    """The map's coordinates (and the pick's neighbours), or a note when the view has parts a
    recipe cannot rebuild from the bundled data."""
    items = items_code()
    note = plain_vectors_only(items)
    if note or st.session_state.get("map_debias"):
        return note or "# This map has a direction removed; the recipe covers vectors as learned.\n"
    extra = "".join(f", {key}={value!r}" for key, value in params.items())
    script = (
        HEAD
        + f"""from core.io import load_dataset
from core.models import load_model
from core.neighbours import NeighbourIndex
from core.project import project

{items}model = load_model({model!r})
vectors = model.encode(texts)
coords = project(vectors, method={method!r}, n_components={dims}{extra})
for text, xy in list(zip(texts, coords))[:5]:
    print(text, *(f"{{v:.4f}}" for v in xy), sep="\\t")
"""
    )
    if pick is not None and metric in ("cosine", "euclidean", "dot"):
        script += f"""index = NeighbourIndex(vectors, {metric!r})
for n in index.query(texts.index({pick!r}), k={k}):
    print(texts[n.index], f"{{n.score:.4f}}", sep="\\t")
"""
    return script + clusters
