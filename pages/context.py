import streamlit as st

from components import resources
from components.chart_config import picture
from components.figures import context_scatter, heatmap
from components.frame.sidebar import page_frame
from components.frame.state import fail, persist
from components.recipes import measures, scripts
from components.text import plain, short
from core.errors import ExplorerError, OutOfVocabularyError
from core.io.datasets import load_dataset
from core.models.contextual import context_comparison, word_vectors_in
from core.models.registry import DEFAULT_MODEL, GLOVE
from core.neighbours.similarity import similarity_matrix

page_frame(
    "Context",
    "A static word vector (GloVe) gives **bank** one vector, whatever the sentence. A contextual model "
    "gives each occurrence its own vector, moved by the words around it. Below, every sentence's "
    "“bank” is placed by how close it is to two anchor words, next to GloVe's single vector.",
)
persist("context_word", "context_sentences", "context_anchor1", "context_anchor2")
seed = load_dataset("bank-sentences")
st.session_state.setdefault("context_word", "bank")
st.session_state.setdefault(
    "context_sentences",
    "\n".join(f"{lab} | {t}" for t, lab in zip(seed.texts, seed.labels, strict=True)),
)
st.session_state.setdefault("context_anchor1", "river")
st.session_state.setdefault("context_anchor2", "money")
c1, c2, c3 = st.columns(3)
word = c1.text_input("Word", key="context_word")
a1 = c2.text_input("Anchor for the x axis", key="context_anchor1")
a2 = c3.text_input("Anchor for the y axis", key="context_anchor2")
raw = st.text_area(
    "Sentences using the word, one per line (optional “group | ” in front)",
    key="context_sentences",
    height=200,
)
lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
labels = [ln.split("|", 1)[0].strip() if "|" in ln else "sentence" for ln in lines]
sentences = [ln.split("|", 1)[1].strip() if "|" in ln else ln for ln in lines]
try:
    sm, wm = resources.model(DEFAULT_MODEL), resources.model(GLOVE)
    df = resources.cached(
        "context",
        word,
        sentences,
        labels,
        a1,
        a2,
        compute=lambda: context_comparison(sm, wm, word, sentences, (a1, a2), labels),
    )
    vecs = resources.cached(
        "context-vectors",
        word,
        sentences,
        compute=lambda: word_vectors_in(sm, sentences, word.strip().lower()),
    )
except OutOfVocabularyError as exc:
    # This page needs GloVe's vector for the word and both anchors: no other model can stand in.
    fail(
        f"GloVe has no vector for {', '.join(repr(w) for w in exc.missing)}: this page compares "
        "with GloVe's one vector per word, so the word and both anchors must be lowercase "
        "English words it knows (for example bank, river, money)."
    )
except ExplorerError as exc:
    fail(str(exc))
shown = plain(short(word, 40))  # the user's word, quoted in the captions as typed
left, right = st.columns(2)
with left:
    st.plotly_chart(
        context_scatter(
            df,
            x_title=f"similarity to “{short(a1, 40)}”",
            y_title=f"similarity to “{short(a2, 40)}”",
        ),
        key="context_scatter",
        config=picture("context_scatter"),
    )
    st.caption(
        f"Circles: “{shown}” in each sentence ({DEFAULT_MODEL}, token vectors). Star: GloVe's one vector for “{shown}”, "
        "the same in every sentence. Each model's similarities are measured in its own space."
    )
with right:
    st.plotly_chart(
        heatmap(
            similarity_matrix(vecs),
            [f"{lab}: {s}" for lab, s in zip(labels, sentences, strict=True)],
        ),
        key="context_heatmap",
        config=picture("context_heatmap"),
    )
    st.caption(
        f"How similar the contextual “{shown}” vectors are to each other: same-sense sentences form bright blocks. "
        "GloVe would show one uniform square: its vector never changes."
    )
scripts.show(
    measures.context_script(word=word, sentences=sentences, labels=labels, anchors=(a1, a2))
)
