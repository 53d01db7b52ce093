"""Presentation mode: for demoing to people who do not program. The sidebar and Streamlit's own
chrome are hidden, text and charts are larger, and a bar at the top steps through a prepared
sequence of views (each a page and its settings, as a link would carry them) with Previous /
Next. Turned on from the sidebar ("Present"), off with "Exit"."""

from __future__ import annotations

import streamlit as st

from components import links

ON, STEP, GOTO = "present_on", "present_step", "_present_goto"

# (page, the view's settings as a link names them, what the presenter says)
STEPS: tuple[tuple[str, dict[str, str], str], ...] = (
    ("start", {}, "Words become vectors: cat is closer to kitten than to dog."),
    ("map", {"dataset": "ninety-words", "method": "tsne", "dims": "2"},
     "88 words on a map: similar words sit together."),
    ("map", {"dataset": "ninety-words", "method": "tsne", "pick": "dolphin"},
     "Click a word: its nearest neighbours, measured in the full space."),
    ("map", {"dataset": "support-tickets", "method": "umap", "clusters": "true"},
     "400 support tickets: the map finds their clusters and names them in their own words."),
    ("analogy", {"a": "man", "b": "king", "c": "woman", "exclude": "true"},
     "king − man + woman ≈ queen… once the input words are left out."),
    ("analogy", {"a": "man", "b": "king", "c": "woman", "exclude": "false"},
     "…and with them left in, the answer is king itself."),
    ("context", {"word": "bank"}, "A contextual model gives “bank” a different vector per sentence."),
)  # fmt: skip

CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header,
[data-testid="stExpander"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1rem 2rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stCaptionContainer"] { font-size: 1.3rem !important; }
h1 { font-size: 2.6rem !important; }
</style>"""


def _go(step: int) -> None:
    """Set the step's view (before the widgets are drawn) and say which page to open."""
    step = max(0, min(step, len(STEPS) - 1))
    page, params, _ = STEPS[step]
    st.session_state[STEP] = step
    if page != "start":
        links.open_view(links.dumps_view(page, params))
    if page == "map" and "pick" not in params:
        st.session_state["map_selected"] = None
    st.session_state[GOTO] = page


def _start() -> None:
    st.session_state[ON] = True
    _go(0)


def _exit() -> None:
    st.session_state[ON] = False


def control() -> None:
    """The sidebar's way in."""
    st.button("Present", key="present_start", icon=":material/slideshow:", width="stretch",
              on_click=_start,
              help="A full-screen walk through prepared views, with Next and Previous.")  # fmt: skip


def bar(page: str) -> None:
    """On every page while presenting: the larger look, and the step bar; goes to the step's
    page when it is not this one."""
    if not st.session_state.get(ON):
        return
    goto = st.session_state.pop(GOTO, None)
    if goto and goto != page:
        st.switch_page("pages/start.py" if goto == "start" else f"pages/{goto}.py")
    st.html(CSS)
    step = int(st.session_state.get(STEP, 0))
    prev, text, nxt, leave = st.columns([1, 6, 1, 1], vertical_alignment="center")
    prev.button(
        "◀ Previous", key="present_prev", disabled=step == 0, on_click=_go, args=(step - 1,)
    )
    text.markdown(f"**{step + 1} / {len(STEPS)}** · {STEPS[step][2]}")
    nxt.button("Next ▶", key="present_next", disabled=step == len(STEPS) - 1, on_click=_go,
               args=(step + 1,))  # fmt: skip
    leave.button("Exit", key="present_exit", on_click=_exit)
