"""The map as a Streamlit Custom Component v2, drawn by deck.gl (WebGL) in the browser.

Three elements, each with a fixed key (so the browser keeps its DOM, canvas and camera):
``map_points`` and ``map_colours`` carry the binary blobs of :mod:`.payload` and change only with
the dataset, projection or colouring; ``map_view`` carries the small JSON of :mod:`.click` (with
:func:`urls`) and changes on every click. All of the map's JavaScript is in ``static/map/``: ES
modules served by Streamlit's static serving, deck.gl beside them (``static/vendor/deck.gl``), so
no click re-sends code or coordinates. What the elements carry is typed there, in ``contract.js``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from core.keys import digest

STATIC = Path(__file__).resolve().parents[2] / "static"
MAP = STATIC / "map"
MODULE = MAP / "map.js"  # the entry: render() for the view, preload() for the preload element
BLOBS = MAP / "blobs.js"  # receive() for the two data elements
DECK = STATIC / "vendor" / "deck.gl" / "dist.min.js"


@functools.cache
def _version() -> str:
    """One hash over every module of static/map, hashed once per process: a change to any file
    changes every URL, as each module imports its siblings at its own ``?v=`` (see map.js)."""
    return digest([(path.name, path.read_bytes()) for path in sorted(MAP.glob("*.js"))], size=6)


def _static_url(path: Path, *, versioned: bool) -> str:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    url = "/" + "/".join(p for p in (base, "app", "static", *path.relative_to(STATIC).parts) if p)
    if versioned:  # a new file gets a new URL, so a browser never runs an old copy
        url += "?v=" + _version()
    return url


@functools.cache
def urls() -> dict[str, str]:
    """Where the browser finds our module and deck.gl (the view's and the preload's data)."""
    module, deck = _static_url(MODULE, versioned=True), _static_url(DECK, versioned=False)
    return {"module": module, "deck": deck}


def _shim(url: str, call: str, when: str = "") -> str:
    """An element's own code: import the module at ``url`` (a JavaScript expression: the inline
    code runs from a blob: URL, so the path is made absolute on the page's origin) and hand it
    the element. On two lines, or Streamlit would take the string for a file's path."""
    return (
        "export default async (c) =>\n"
        f"  {when}(await import(new URL({url}, location.origin).href)).{call};\n"
    )


# The view and preload elements find the entry's URL in their data. The data elements' data is
# their raw bytes (inside a dict, bytes would be sent as their str()), so blobs.js's URL is
# written into their code, here: it is the URL urls() gives too, as server.baseUrlPath cannot
# change while the server runs.
_VIEW_JS = _shim("c.data.module", "render(c)")
_PRELOAD_JS = _shim("c.data.module", "preload(c.data)")
_BLOB_JS = _shim(
    json.dumps(_static_url(BLOBS, versioned=True)), "receive(c.data)", "c.data == null || "
)

_blob = st.components.v2.component("ee_map_blob", js=_BLOB_JS)
_preload = st.components.v2.component("ee_map_preload", js=_PRELOAD_JS)
_view = st.components.v2.component("ee_map_view", js=_VIEW_JS)


def preload() -> None:
    """Mount first on the Map page (in the sidebar: no gap in the page): the browser loads the
    map's code while Python encodes and projects."""
    with st.sidebar:
        _preload(key="map_preload", data=urls(), height=0)


def mount_blobs(points: bytes, colours: bytes) -> None:
    """The two data elements; unchanged bytes are not sent again (Streamlit hashes them)."""
    _blob(key="map_points", data=points, height=0)
    _blob(key="map_colours", data=colours, height=0)


def mount_view(
    view: dict[str, Any],
    *,
    on_click: Callable[[], None],
    on_select: Callable[[], None],
    on_legend: Callable[[], None] | None = None,
    key: str = "map_view",
) -> Any:
    """The map itself. ``on_click`` / ``on_select`` / ``on_legend`` run before the rerun a
    click, a lasso or a click on a legend entry makes; read the value with :func:`event`."""
    return _view(
        key=key,
        data={**view, **urls()},
        on_click_change=on_click,
        on_select_change=on_select,
        on_legend_change=on_legend or (lambda: None),
    )


def event(name: str, key: str = "map_view") -> Any:
    """The value a click ("click": a row id), a lasso ("select": row ids) or a legend entry
    ("legend": its name) sent, or None."""
    state = st.session_state.get(key)
    if state is None:
        return None
    return state.get(name) if hasattr(state, "get") else getattr(state, name, None)
