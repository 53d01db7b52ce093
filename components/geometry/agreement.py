"""The Geometry page's other sections: how much neighbour lists agree under two settings, and
the word-similarity benchmarks (WordSim-353, SimLex-999) before and after post-processing."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from components import resources
from components.chart_config import picture
from components.figures import base_layout
from components.frame import postprocessing
from components.resources import neighbours
from components.text import plain, short
from core.geometry.benchmarks import BENCHMARKS, evaluate
from core.geometry.shape import overlap
from core.models.registry import DEFAULT_MODEL, GLOVE

COMPARISONS = {
    "euclidean": "cosine vs euclidean",
    "dot": "cosine vs dot product",
    "abtt": "as learned vs all-but-the-top",
    "models": f"{DEFAULT_MODEL} vs GloVe",
}
CHANGED_SHOWN = 15
SAMPLE = 20_000  # items compared at most


def _graphs(choice: str, texts: list[str], raw: np.ndarray, k: int, model_name: str | None):
    """(texts compared, ids under the first setting, ids under the second, the two names)."""
    if choice in ("euclidean", "dot"):
        other = neighbours(raw, k, choice)[0]
        return texts, neighbours(raw, k)[0], other, ("cosine", COMPARISONS[choice][10:])
    if choice == "abtt":
        abtt = postprocessing.apply(raw, "abtt", model_name)
        return texts, neighbours(raw, k)[0], neighbours(abtt, k)[0], (
            "as learned", "all-but-the-top")  # fmt: skip
    rows, _ = resources.model(GLOVE).lookup(texts)
    both = [t for t, r in zip(texts, rows, strict=True) if r is not None]
    if len(both) < k + 2:
        return both, None, None, (DEFAULT_MODEL, "GloVe")
    a = neighbours(resources.encode(DEFAULT_MODEL, both), k)[0]
    b = neighbours(resources.encode(GLOVE, both), k)[0]
    return both, a, b, (DEFAULT_MODEL, "GloVe")


def agreement_section(
    texts: Sequence[str], raw: np.ndarray, k: int, model_name: str | None
) -> None:
    st.subheader("Do the neighbours depend on the setting? (agreement)")
    st.caption(
        f"For every item, the share of its {k} nearest neighbours that stay the same when the "
        "metric, the post-processing or the model changes. 100% means the same list."
    )
    st.session_state.setdefault("geo_agree", "abtt")
    choice = st.segmented_control("Compare", list(COMPARISONS), format_func=COMPARISONS.get,
                                  key="geo_agree") or "abtt"  # fmt: skip
    texts = list(texts)
    if len(texts) > SAMPLE:  # each setting needs its own pass over every pair
        rows = np.sort(np.random.default_rng(0).choice(len(texts), SAMPLE, replace=False))
        texts, raw = [texts[i] for i in rows], raw[rows]
        st.caption(f"On a random sample of {SAMPLE:,} of the items (the same every time).")
    used, a, b, names = _graphs(choice, texts, raw, k, model_name)
    if a is None:
        st.info(f"Only {len(used)} of these items are GloVe words; a comparison needs "
                f"{k + 2} or more.", icon=":material/info:")  # fmt: skip
        return
    share = overlap(a, b)
    st.metric("Mean overlap of the neighbour lists", f"{share.mean():.0%}")
    if choice == "models":
        st.caption(f"On the {len(used):,} items GloVe knows.")
    st.plotly_chart(
        overlap_histogram(share), key="geo_agree_hist", config=picture("geo_agree_hist")
    )
    worst = np.argsort(share, kind="stable")[:CHANGED_SHOWN]
    st.markdown("**The items whose neighbours change most**")
    st.table(  # a plain table wraps the two lists (a data frame cut them off); cells are markdown
        {
            "item": [plain(short(used[i], 50)) for i in worst],
            "overlap": [f"{share[i]:.0%}" for i in worst],
            f"neighbours, {plain(names[0])}": [plain(_listed(used, a[i])) for i in worst],
            f"neighbours, {plain(names[1])}": [plain(_listed(used, b[i])) for i in worst],
        }
    )


def _listed(texts: Sequence[str], ids: np.ndarray) -> str:
    return ", ".join(short(texts[j], 30) for j in ids)


def overlap_histogram(share: np.ndarray) -> go.Figure:
    values, freq = np.unique(np.round(share, 4), return_counts=True)
    fig = go.Figure(go.Bar(x=values * 100, y=freq, marker_color="#4c78a8",
                           hovertemplate="%{x:.0f}% kept: %{y} items<extra></extra>"))  # fmt: skip
    base_layout(fig, height=280)
    fig.update_layout(xaxis_title="neighbours kept (%)", yaxis_title="items")
    return fig


def benchmarks_section(name: str) -> None:
    st.subheader("Does it agree with people? (word-similarity benchmarks)")
    st.caption(
        "People rated how similar word pairs are; Spearman's ρ says how well the model's cosines "
        "put the pairs in the same order (1 = the same order). SimLex-999 rates similarity "
        "(cup–mug), WordSim-353 also relatedness (cup–coffee)."
    )

    def compute():
        model = resources.model(name)
        fitted = {how: postprocessing.fitted(name, how) for how in ("none", "centre", "abtt")}
        return {key: {how: evaluate(model, key, transform=None if how == "none" else p.transform)
                      for how, p in fitted.items()} for key in BENCHMARKS}  # fmt: skip

    with st.spinner(f"Scoring the benchmarks with {name}…"):
        found = resources.cached("benchmarks", name, compute=compute)
    st.dataframe(
        {
            "benchmark": [BENCHMARKS[key].title for key in found],
            "pairs used": [
                f"{r['none'].pairs_used} of {r['none'].pairs_total}" for r in found.values()
            ],
            "ρ as learned": [round(r["none"].spearman, 3) for r in found.values()],
            "ρ centred": [round(r["centre"].spearman, 3) for r in found.values()],
            "ρ all-but-the-top": [round(r["abtt"].spearman, 3) for r in found.values()],
        },
        hide_index=True,
        width="stretch",
    )
    missing = sorted({w for r in found.values() for w in r["none"].missing})
    if missing:
        shown = ", ".join(plain(w) for w in missing[:20]) + (" …" if len(missing) > 20 else "")
        st.caption(f"Words {plain(name)} lacks (their pairs are left out): {shown}.")
