import streamlit as st

from components import resources
from components.chart_config import picture
from components.directions import removal, weat
from components.directions.direction import (
    SHORT_OCCUPATIONS,
    axes,
    direction_controls,
    ends,
    item_presets,
    known,
    make_direction,
    second_direction,
    strip,
)
from components.frame.items import current_items, dedupe, model_kind, model_name
from components.frame.sidebar import page_frame
from components.frame.state import persist
from components.recipes import measures, scripts
from components.text import plain, short
from core import directions
from core.errors import ExplorerError

page_frame(
    "Directions",
    "A **direction** is the line from one idea to its opposite in the embedding space, for example "
    "from *she* to *he*. Each item's place along it is its cosine with that line: near −1 it leans to "
    "one end, near +1 to the other, near 0 to neither. What an embedding puts along a line such as "
    "she → he is what it learned from its texts about the words, biases included.",
)
persist(
    "dir_kind", "dir_a", "dir_b", "dir_pairs", "dir_set_a", "dir_set_b", "dir_formula",
    "dir_items_from", "dir_items", "dir_second", "dir_y_formula",
    "weat_test", "weat_x", "weat_y", "weat_a", "weat_b",
)  # fmt: skip
name, mkind = model_name(), model_kind(model_name())
left, right = st.columns([2, 3], gap="medium")
with left:
    kind, low, high = direction_controls()


def say(message: object, where=st) -> None:
    where.error(plain(message), icon=":material/error:")


def items_to_measure() -> list[str] | None:
    """The items' source and list (in the left column); None, said, when there are none."""
    st.session_state.setdefault("dir_items_from", "list")
    st.session_state.setdefault("dir_items", SHORT_OCCUPATIONS)
    source = st.segmented_control(
        "Measure", ["list", "dataset"], key="dir_items_from",
        format_func={"list": "a list", "dataset": "the current dataset"}.get,
    ) or "list"  # fmt: skip
    if source == "list":
        item_presets()
        box = st.text_area("Items, one per line", key="dir_items", height=160)
        return [t.strip() for t in box.splitlines() if t.strip()]
    items = dedupe(current_items())
    if items.vectors is not None:
        return say("This dataset came with its own vectors, which the model's direction "
                   "cannot be compared with: measure a list instead.")  # fmt: skip
    return items.texts


def measure(direction, texts: list[str]) -> list[str] | None:
    """The items along the direction; a problem is said here and the WEAT below still runs.
    Returns the items measured (those the model knows), or None when none were."""
    kept, missing = known(name, mkind, texts)
    if missing:
        st.info(
            f"{len(missing)} item(s) not in {name}, left out: "
            + ", ".join(f"“{plain(short(m, 30))}”" for m in missing[:10])
            + (" and more" if len(missing) > 10 else "") + f". {len(kept)} measured.",
            icon=":material/info:",
        )  # fmt: skip
    if not kept:
        return say("There is nothing to measure: type items, one per line.")
    try:
        scores = directions.along(resources.encode(name, kept), direction)
    except ExplorerError as exc:
        return say(exc)
    two_axes(direction, kept, scores)  # first, beside its controls, when it is asked for
    st.plotly_chart(strip(kept, scores, low, high), key="dir_strip", config=picture("dir_strip"))
    ends(kept, scores, low, high)
    return kept


def two_axes(direction, kept: list[str], scores) -> None:
    """The items on the first and the optional second direction (a "semantic axes" scatter)."""
    if second is None:
        return
    try:
        ys = directions.along(resources.encode(name, kept), second[1])
    except ExplorerError as exc:
        return say(exc)
    xname = f"{low} → {high}" if kind != "formula" else st.session_state["dir_formula"]
    st.plotly_chart(
        axes(kept, scores, ys, xname, second[0]), key="dir_axes", config=picture("dir_axes")
    )
    between = float(direction.vector @ second[1].vector)
    st.caption(
        f"Each item's cosine with each direction. The two directions' own cosine is "
        f"**{between:.2f}**: near 0 the axes measure different things; far from 0 the second "
        "partly repeats the first."
    )


with left:
    texts = items_to_measure()
    try:
        second = second_direction(name)
    except ExplorerError as exc:
        second = None
        say(exc)
measured = None
with right:
    try:
        direction = make_direction(kind, name)
    except ExplorerError as exc:
        say(exc)
        direction = None
    if direction is not None:
        label = st.session_state["dir_formula"] if kind == "formula" else f"{low} → {high}"
        removal.share(name, label, direction)
        if direction.kind == "pairs":
            st.caption(
                f"The pairs' first principal component (each pair centred on its midpoint, as "
                f"Bolukbasi et al. 2016 do) carries **{direction.explained:.0%}** of their "
                "variance: the higher, the more the pairs differ the same way."
            )
        if texts is not None:
            measured = measure(direction, texts)
        st.caption(
            "The Analogy and Map pages can take this direction out of every vector: turn on "
            "“Remove a direction” there."
        )

st.divider()
weat.section(name, direction)
scripts.show(
    measures.directions_script(
        model=name, kind=kind, word_model=mkind == "word", has_direction=direction is not None,
        measured=measured,
    )
)  # fmt: skip
