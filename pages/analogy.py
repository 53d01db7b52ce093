import numpy as np
import streamlit as st

from components import resources
from components.chart_config import picture
from components.directions import removal
from components.figures import analogy_picture, ranked_bars
from components.frame.sidebar import page_frame
from components.frame.state import fail, persist
from components.recipes import scripts
from components.text import plain, short
from core.analogy.answer import analogy
from core.errors import ExplorerError
from core.models.registry import DEFAULT_MODEL, GLOVE

PRESETS = {
    "king − man + woman": ("man", "king", "woman"),
    "Paris − France + Italy": ("france", "paris", "italy"),
    "doctor − man + woman (bias)": ("man", "doctor", "woman"),
}

page_frame(
    "Analogy",
    "“*a* is to *b* as *c* is to ?” is answered with arithmetic: take *b* − *a* + *c* and find the "
    "nearest word. The famous demo quietly **removes the input words** from the answers; switch that "
    "off below and see where they would have ranked. Analogies also repeat the biases of the text the "
    "vectors were learned from.",
)
persist(
    "analogy_a",
    "analogy_b",
    "analogy_c",
    "analogy_exclude",
    "analogy_method",
    "analogy_topn",
    "analogy_model",
    "analogy_debias",
    "analogy_debias_from",
)
for key, value in {
    "analogy_a": "man",
    "analogy_b": "king",
    "analogy_c": "woman",
    "analogy_exclude": True,
    "analogy_method": "3cosadd",
    "analogy_topn": 10,
    "analogy_model": GLOVE,
}.items():
    st.session_state.setdefault(key, value)


def use_preset(words: tuple[str, str, str]) -> None:
    st.session_state["analogy_a"], st.session_state["analogy_b"], st.session_state["analogy_c"] = (
        words
    )


def picture_caption(inputs: list[str], answer: str, roles: list[str]) -> str:
    """What the picture shows: four points and two arrows, or fewer when words coincide."""
    if len(roles) == 4:
        return (
            "The four words flattened to 2D (PCA). If the analogy held exactly, the two arrows "
            "would be parallel and equal."
        )
    count = {2: "two", 3: "three"}[len(roles)]
    why = []
    if len(set(inputs)) < 3:
        why.append("an input word is given twice")
    if answer in inputs:
        why.append(f"the answer “{plain(answer)}” is one of the input words")
    arrows = [f"{s} → {d}" for s, d in (("a", "b"), ("c", "answer")) if {s, d} <= set(roles)]
    drawn = f"one arrow, {arrows[0]}" if arrows else "no arrow"
    return (
        f"The {count} different words flattened to 2D (PCA): {' and '.join(why)}, so the picture "
        f"has {count} points, not four, and {drawn}."
    )


cols = st.columns(len(PRESETS))
for col, (name, words) in zip(cols, PRESETS.items(), strict=True):
    col.button(
        name, on_click=use_preset, args=(words,), key=f"analogy_preset_{words[1]}", width="stretch"
    )

c1, c2, c3 = st.columns(3)
a = c1.text_input("a", key="analogy_a")
b = c2.text_input("is to b", key="analogy_b")
c = c3.text_input("as c is to ?", key="analogy_c")
o1, o2, o3, o4 = st.columns([1.2, 1.2, 1, 1])
exclude = o1.toggle(
    "Exclude input words",
    key="analogy_exclude",
    help="What gensim and the original word2vec demo do silently.",
)
method = o2.selectbox(
    "Method",
    ["3cosadd", "3cosmul"],
    key="analogy_method",
    format_func={"3cosadd": "3CosAdd", "3cosmul": "3CosMul"}.get,
)
topn = o3.number_input("How many", 1, 50, key="analogy_topn")
model_name = o4.selectbox(
    "Vectors",
    [GLOVE, DEFAULT_MODEL],
    key="analogy_model",
    help="GloVe: 400,000 words. The sentence model ranks the 20,000 most frequent GloVe words (encoded once, then cached).",
)

try:
    removed = removal.choose(model_name, "analogy", inline=True)
except ExplorerError as exc:
    removed = None
    st.error(plain(exc), icon=":material/error:")
if not all(w.strip() for w in (a, b, c)):
    fail("Fill in all three words (one word each), or pick a preset above.")


def ask(model, tag: str = ""):
    """The analogy under a model (the original, or one with a direction removed), cached."""
    bar = st.empty()

    def progress(done: int, total: int) -> None:
        if done < total:
            bar.progress(
                done / total, text=f"Encoding candidate words once: {done:,} of {total:,}…"
            )

    result = resources.cached(
        "analogy",
        model_name,
        tag,
        a,
        b,
        c,
        exclude,
        method,
        int(topn),
        compute=lambda: analogy(
            model,
            [b, c],
            [a],
            topn=int(topn),
            exclude_inputs=exclude,
            method=method,
            progress=progress,
        ),
    )
    bar.empty()
    return result


try:
    model = resources.model(model_name)
    result = ask(model)
    if removed is not None:
        label, direction = removed
        without = removal.model_without(model_name, label, direction)
        after = ask(without, without.name)
except ExplorerError as exc:
    fail(str(exc))
if model.kind == "sentence":
    # The sentence model encodes any string (from word pieces), so a typo gives an answer too.
    unknown = [w.strip() for w in resources.model(GLOVE).lookup([a, b, c])[1]]
    if unknown:
        st.info(
            f"Not an English word GloVe knows: {', '.join('“' + plain(w) + '”' for w in unknown)}. "
            "The sentence model still makes a vector from its word pieces, so read this answer "
            "with care.",
            icon=":material/info:",
        )

best_word, best_score = result.results[0]
wa, wb, wc = (plain(short(w.strip().lower(), 40)) for w in (a, b, c))
if method == "3cosadd":
    heading = f"{wb} − {wa} + {wc} ≈ **{plain(short(best_word, 40))}**"
    score_is = "cosine similarity"
else:  # 3CosMul multiplies and divides similarities instead of adding vectors
    heading = f"cos(x, {wb}) · cos(x, {wc}) / cos(x, {wa}) is highest at x = **{plain(short(best_word, 40))}**"
    score_is = "3CosMul score: each cos shifted to [0, 1] as (1 + cos) / 2"
if removed is not None:
    removal.compare(result, after, removed[0])
left, right = st.columns([1.1, 1])
with left:
    st.markdown(f"### {heading}")
    st.caption(
        f"score {best_score:.4f} ({score_is}), among {result.n_candidates:,} candidate words"
    )
    st.plotly_chart(
        ranked_bars(result.results, score_name="score", highlight=list(result.input_ranks)),
        key="analogy_bars",
        config=picture("analogy_bars"),
    )
with right:
    st.markdown("#### Where the input words rank")
    st.dataframe(
        {
            "input word": list(result.input_ranks),
            "rank without exclusion": [r for r, _ in result.input_ranks.values()],
            "score": [round(s, 4) for _, s in result.input_ranks.values()],
        },
        hide_index=True,
        width="stretch",
    )
    top_input = min(result.input_ranks.items(), key=lambda kv: kv[1][0])
    if exclude and top_input[1][0] == 1:
        st.warning(
            f"Without the exclusion the answer would be **{plain(top_input[0])}** itself (rank 1, score {top_input[1][1]:.4f}): "
            f"{'b − a + c' if method == '3cosadd' else 'the 3CosMul score'} barely moves away "
            f"from “{plain(top_input[0])}”. The input words were removed before ranking."
        )
    elif not exclude:
        st.info("Nothing is removed: input words compete with every other word.")
    # One point per distinct word, in the role it first plays (an input that is also the answer,
    # or an input given twice, has a single point).
    inputs = [w.strip().lower() for w in (a, b, c)]
    role_of: dict[str, str] = {}
    for word, role in zip([*inputs, best_word], ["a", "b", "c", "answer"], strict=True):
        role_of.setdefault(word, role)
    words, roles = list(role_of), list(role_of.values())
    try:
        vecs = model.encode(words)
        coords = resources.project(np.asarray(vecs), method="pca", n_components=2)
        st.plotly_chart(
            analogy_picture(coords, words, roles),
            key="analogy_picture",
            config=picture("analogy_picture"),
        )
        st.caption(picture_caption(inputs, best_word, roles))
    except ExplorerError:
        pass
scripts.show(
    scripts.analogy_script(
        a, b, c, model=model_name, exclude=exclude, method=method, topn=int(topn)
    )
)
