"""Python recipes for the Directions, Geometry, Context and Start pages, written as
components.recipes.scripts writes the others: a short script that reproduces the numbers on screen with
`core`, with the page's settings of the moment, or a note where the view uses something a recipe
cannot rebuild (uploaded data, a post-processing)."""

from __future__ import annotations

import streamlit as st

from components.directions.direction import (  # the page's own reading of its boxes
    box_lines,
    box_pairs,
)
from components.directions.weat import KEYS as WEAT_KEYS
from components.directions.weat import box_words
from components.geometry.hubs import RERANK_UP_TO
from components.recipes.scripts import HEAD, items_code, plain_vectors_only
from core.models.registry import DEFAULT_MODEL, GLOVE

WRITTEN_UP_TO = 400  # texts written into a script; more make it unreadable
_PRINT_SCORES = """scores = directions.along(model.encode(texts), direction)
for text, score in sorted(zip(texts, scores), key=lambda pair: pair[1]):  # from one pole to the other
    print(text, f"{score:.4f}", sep="\\t")
"""


def _script(imports: set[str], body: str) -> str:
    ordered = sorted(imports, key=lambda line: (line.startswith("from"), line))
    return HEAD + "\n".join(ordered) + "\n\n" + body


def _direction_code(kind: str) -> tuple[set[str], str]:
    """The direction the page's widgets describe (as components.directions.direction makes it)."""
    ss = st.session_state
    if kind == "two":
        a, b = ss["dir_a"].strip(), ss["dir_b"].strip()
        return set(), f"direction = directions.from_two(*model.encode([{a!r}, {b!r}]))\n"
    if kind == "pairs":
        first, second = box_pairs(ss["dir_pairs"])
        return set(), (f"first = {first!r}\nsecond = {second!r}\n"
                       "direction = directions.from_pairs(model.encode(first), model.encode(second))\n")  # fmt: skip
    if kind == "sets":
        towards, away = box_lines(ss["dir_set_a"]), box_lines(ss["dir_set_b"])
        return set(), (f"towards = {towards!r}\naway = {away!r}\n"
                       "direction = directions.from_sets(model.encode(towards), model.encode(away))\n")  # fmt: skip
    return {"import numpy as np", "from core.directions import combine, parse"}, (
        f"vector = combine(parse({ss['dir_formula']!r}), model.encode)\n"
        "direction = directions.from_two(vector, np.zeros_like(vector))  # from the origin\n"
    )


def _measure_code(word_model: bool, measured: list[str]) -> tuple[set[str], str]:
    """The measured items (those the model knows) and their cosines with the direction."""
    if st.session_state.get("dir_items_from", "list") != "dataset":
        if len(measured) > WRITTEN_UP_TO:
            return set(), f"# A recipe writes up to {WRITTEN_UP_TO} items into the script.\n"
        return set(), f"texts = {measured!r}\n" + _PRINT_SCORES
    items = items_code()
    if items is None:
        return set(), "# These items are your own data; the recipe measures typed lists and the bundled datasets.\n"  # fmt: skip
    known = ("rows, _ = model.lookup(texts)\n"
             "texts = [t for t, r in zip(texts, rows) if r is not None]  # the words it knows\n")  # fmt: skip
    code = items + (known if word_model else "") + _PRINT_SCORES
    return {"from core.io import load_dataset"}, code


def _weat_code(debias: bool) -> tuple[set[str], str]:
    """The WEAT below the strip: its effect size d, statistic S and p (and d once the
    direction is removed, when that is turned on)."""
    x, y, a, b = (box_words(st.session_state.get(key, "")) for key in WEAT_KEYS)
    code = f"""X, Y = {x!r}, {y!r}
A, B = {a!r}, {b!r}
result = weat_words(model, X, Y, A, B)  # leaves out the words the model lacks, as the page does
print("WEAT effect size d", f"{{result.effect_size:.4f}}", sep="\\t")
print("WEAT statistic S", f"{{result.statistic:.4f}}", sep="\\t")
print("WEAT one-sided p", f"{{result.p_value:.4g}}", sep="\\t")
"""
    if debias:
        code += """after = weat(*(directions.remove(model.encode(result.words[s]), direction) for s in "XYAB"))
print("WEAT effect size d, direction removed", f"{after.effect_size:.4f}", sep="\\t")
"""
    return {f"from core.directions import {'weat, ' if debias else ''}weat_words"}, code


def directions_script(*, model: str, kind: str, word_model: bool, has_direction: bool,
                      measured: list[str] | None) -> str:  # fmt: skip
    """The measured items' cosines with the direction (sorted), then the WEAT's figures.
    ``measured``: the items the page measured (None when it measured none)."""
    imports = {"from core.models import load_model"}
    body = f"model = load_model({model!r})\n"
    parts = []
    if has_direction:
        parts.append(_direction_code(kind))
        if measured:
            parts.append(_measure_code(word_model, measured))
    parts.append(_weat_code(has_direction and bool(st.session_state.get("weat_debias"))))
    for more, code in parts:
        imports |= more
        body += code
    if has_direction:
        imports.add("from core import directions")
    return _script(imports, body)


def geometry_script(*, model: str, k: int, n: int) -> str:
    """The hubs (skewness of N_k, anti-hubs, top hubs), the anisotropy as learned and the
    benchmarks' ρ as learned, or a note when the view has parts a recipe cannot rebuild."""
    items = items_code()
    note = plain_vectors_only(items)
    if note:
        return note
    rerank = n <= RERANK_UP_TO
    graphs = f'    "cosine": knn_graph(vectors, {k})[0],\n' + (
        f'    "CSLS": Csls(vectors).knn({k})[0],\n'
        f'    "mutual proximity": MutualProximity(vectors).knn({k})[0],\n'
        if rerank else ""
    )  # fmt: skip
    csls = ', found["CSLS"].counts[row]' if rerank else ""
    columns = f"N{k} and N{k} with CSLS" if rerank else f"N{k}"
    return _script(
        {"from core.geometry import BENCHMARKS, anisotropy, evaluate, hubness",
         "from core.io import load_dataset", "from core.models import load_model",
         f"from core.neighbours import {'Csls, MutualProximity, ' if rerank else ''}knn_graph"},
        f"""{items}model = load_model({model!r})
vectors = model.encode(texts)
graphs = {{
{graphs}}}
found = {{how: hubness(ids, len(texts)) for how, ids in graphs.items()}}
for how, result in found.items():
    print(f"Skewness of N{k}, {{how}}", f"{{result.skewness:.4f}}", sep="\\t")
hubs = found["cosine"]
print("Anti-hubs", f"{{hubs.antihub_share:.4f}}", sep="\\t")
for row, count in hubs.hubs:  # the top hubs: item, {columns}
    print(texts[row], count{csls}, sep="\\t")
print("Mean cosine of random pairs, as learned", f"{{anisotropy(vectors).mean_pair_cosine:.4f}}", sep="\\t")
for key, benchmark in BENCHMARKS.items():  # ρ as learned (the other columns post-process)
    print(benchmark.title, f"{{evaluate(model, key).spearman:.4f}}", sep="\\t")
""",
    )  # fmt: skip


def context_script(*, word: str, sentences: list[str], labels: list[str],
                   anchors: tuple[str, str]) -> str:  # fmt: skip
    """Each sentence's word against the two anchors (and GloVe's one vector), then the
    contextual vectors' similarity matrix."""
    if len(sentences) > WRITTEN_UP_TO:
        return f"# A recipe writes the sentences into the script: up to {WRITTEN_UP_TO} of them.\n"
    return _script(
        {"from core.models import context_comparison, word_vectors_in",
         "from core.models import load_model", "from core.neighbours import similarity_matrix"},
        f"""sentences = {sentences!r}
labels = {labels!r}
word = {word.strip().lower()!r}
sentence_model, word_model = load_model({DEFAULT_MODEL!r}), load_model({GLOVE!r})
table = context_comparison(sentence_model, word_model, word, sentences, {anchors!r}, labels)
for row in table.itertuples():  # x, y: the similarity to each anchor, in each model's own space
    print(row.text, f"{{row.x:.4f}}", f"{{row.y:.4f}}", sep="\\t")
matrix = similarity_matrix(word_vectors_in(sentence_model, sentences, word))
for sentence, cosines in zip(sentences, matrix):
    print(sentence, *(f"{{c:.4f}}" for c in cosines), sep="\\t")
""",
    )  # fmt: skip


def start_script() -> str:
    """The three word pairs' cosines, then the sentences' similarity matrix."""
    return _script(
        {"from core.io import load_dataset", "from core.models import load_model",
         "from core.neighbours import similarity_matrix"},
        f"""model = load_model({DEFAULT_MODEL!r})
words = load_dataset("cat-kitten-dog").texts
sim = similarity_matrix(model.encode(words))
for i, j in [(0, 1), (0, 2), (2, 1)]:
    print(f"{{words[i]}} ↔ {{words[j]}}", f"{{sim[i, j]:.4f}}", sep="\\t")
sentences = load_dataset("cat-sentences").texts
matrix = similarity_matrix(model.encode(sentences))
for sentence, cosines in zip(sentences, matrix):
    print(sentence, *(f"{{c:.4f}}" for c in cosines), sep="\\t")
""",
    )  # fmt: skip
