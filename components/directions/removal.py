"""“Remove a direction” (hard debias) for the Analogy and Map pages: a toggle, the direction to
remove (gender pairs, or the one made on the Directions page), and the cleaned model or vectors
(core.directions.debias), built once per (model, direction) and shared by every session."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components import resources
from components.directions.direction import GENDER_PAIRS
from components.text import plain, short
from core.analogy.answer import AnalogyResult
from core.directions import debias
from core.directions.direction import Direction, from_pairs, remove
from core.models.registry import Embedder

SHARED = "dir_shared"  # the Directions page's last direction, for the other pages
GENDER_LABEL = "gender (he/she, man/woman … 8 pairs)"


def share(model_name: str, label: str, direction: Direction) -> None:
    """Offer the Directions page's direction to the Analogy and Map pages."""
    st.session_state[SHARED] = {"model": model_name, "label": label, "direction": direction}


def _sources(model_name: str) -> dict[str, str]:
    options = {"gender": GENDER_LABEL}
    shared = st.session_state.get(SHARED)
    if shared and shared["model"] == model_name:
        options["shared"] = f"the Directions page's: {short(shared['label'], 50)}"
    return options


def choose(model_name: str, prefix: str, *, inline: bool = False) -> tuple[str, Direction] | None:
    """The toggle and the direction to remove (side by side when ``inline``); None while the
    toggle is off."""
    left, right = st.columns([1, 2], vertical_alignment="center") if inline else (st, st)
    if not left.toggle(
        "Remove a direction",
        key=f"{prefix}_debias",
        help="Take one direction out of every vector (v − (v·d)d, the “hard debias” of "
        "Bolukbasi et al. 2016) and ask again. Make your own direction on the Directions page.",
    ):
        return None
    options = _sources(model_name)
    shared = st.session_state.get(SHARED)
    if shared and shared["model"] != model_name:
        st.caption(
            f"Your direction from the Directions page ({plain(short(shared['label'], 40))}) was "
            f"made with {plain(shared['model'])}; choose that model to remove it here."
        )
    key = f"{prefix}_debias_from"
    if st.session_state.get(key) not in options:
        st.session_state[key] = "shared" if "shared" in options else "gender"
    source = right.selectbox(
        "Direction to remove", list(options), format_func=options.get, key=key,
        label_visibility="collapsed" if inline else "visible",
    )  # fmt: skip
    if source == "shared":
        shared = st.session_state[SHARED]
        return shared["label"], shared["direction"]
    return GENDER_LABEL, gender(model_name)


def gender(model_name: str) -> Direction:
    """Bolukbasi et al.'s gender direction: the first principal component of 8 pairs."""
    pairs = [line.split(", ") for line in GENDER_PAIRS.splitlines()]
    first = resources.encode(model_name, [p[0] for p in pairs])
    second = resources.encode(model_name, [p[1] for p in pairs])
    return from_pairs(first, second)


def model_without(model_name: str, label: str, direction: Direction) -> Embedder:
    """The model with the direction removed, built once per (model, direction) per process."""
    return resources.cached(  # type: ignore[return-value]
        "debiased", model_name, direction.vector,
        compute=lambda: debias.debiased(resources.model(model_name), direction, label),
    )  # fmt: skip


def vectors_without(vectors: np.ndarray, direction: Direction) -> np.ndarray:
    """Items' vectors with the direction removed (kept once per (vectors, direction))."""
    return resources.cached(  # type: ignore[return-value]
        "removed", vectors, direction.vector, compute=lambda: remove(vectors, direction)
    )


def compare(before: AnalogyResult, after: AnalogyResult, label: str) -> None:
    """The analogy's answers as learned and with the direction removed, side by side."""
    st.markdown(f"**Before and after removing the {plain(short(label, 60))} direction**")
    old, new = before.results[0][0], after.results[0][0]
    st.caption(
        f"The answer stays **{plain(short(old, 40))}**."
        if old == new
        else f"The answer changes from **{plain(short(old, 40))}** to **{plain(short(new, 40))}**."
    )
    c1, c2 = st.columns(2)
    for col, result, title in ((c1, before, "As learned"), (c2, after, "Direction removed")):
        col.dataframe(
            {
                title: [w for w, _ in result.results],
                "score": [round(s, 4) for _, s in result.results],
            },
            hide_index=True,
            width="stretch",
            column_config={"score": st.column_config.NumberColumn(format="%.4f")},
        )


def leaning_note(before: np.ndarray, after: np.ndarray, direction: Direction, label: str) -> str:
    """One line on what removing the direction did to these items."""
    return (
        f"Removed the {plain(short(label, 60))} direction from every item: they leaned "
        f"{debias.leaning(before, direction):.3f} along it on average (mean |cosine|), now "
        f"{debias.leaning(after, direction):.3f}."
    )
