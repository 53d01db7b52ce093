"""The map as a Streamlit Custom Component v2, drawn by deck.gl (WebGL) in the browser.

Three elements, each with a fixed key (so the browser keeps its DOM, canvas and camera):
``map_points`` and ``map_colours`` carry the binary blobs of :mod:`.payload` and change only with
the dataset, projection or colouring; ``map_view`` carries the small JSON of :mod:`.view` and
changes on every click. Its inline JavaScript is a few lines that import the real code,
``static/map/map.js``, served by Streamlit's static serving with deck.gl beside it
(``static/vendor/deck.gl``), so no click re-sends code or coordinates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

STATIC = Path(__file__).resolve().parents[2] / "static"
MODULE = STATIC / "map" / "map.js"
DECK = STATIC / "vendor" / "deck.gl" / "dist.min.js"

# Kept as sent: the module decodes them when the view asks for them by id.
_BLOB_JS = """
export default function (component) {
  const raw = (globalThis.__eeMapRaw ??= { items: [], listeners: new Set() });
  if (component.data == null) return;
  raw.items.push(component.data);
  if (raw.items.length > 8) raw.items.shift();
  raw.listeners.forEach((f) => f());
}
"""

_VIEW_JS = """
export default async function (component) {
  const mod = await import(new URL(component.data.module, window.location.origin).href);
  return mod.render(component);
}
"""

# Starts fetching deck.gl and our module at once, while the page is still encoding or projecting.
_PRELOAD_JS = """
export default function (component) {
  const store = (globalThis.__eeMap ??= { blobs: new Map(), waiters: new Map(), deck: null });
  if (!globalThis.deck && !store.deck) {
    store.deck = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = component.data.deck;
      s.onload = () => resolve(globalThis.deck);
      s.onerror = () => reject(new Error(`could not load deck.gl from ${component.data.deck}`));
      document.head.appendChild(s);
    });
  }
  import(new URL(component.data.module, window.location.origin).href);
}
"""

_blob = st.components.v2.component("ee_map_blob", js=_BLOB_JS)
_preload = st.components.v2.component("ee_map_preload", js=_PRELOAD_JS)
_view = st.components.v2.component("ee_map_view", js=_VIEW_JS)


def _static_url(path: Path, *, versioned: bool) -> str:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    url = "/" + "/".join(p for p in (base, "app", "static", *path.relative_to(STATIC).parts) if p)
    if versioned:  # a new file gets a new URL, so a browser never runs an old copy
        url += "?v=" + hashlib.blake2b(path.read_bytes(), digest_size=6).hexdigest()
    return url


_URLS: dict[str, str] = {}


def urls() -> dict[str, str]:
    """Where the browser finds our module and deck.gl (hashed once per process)."""
    if not _URLS:
        _URLS["module"] = _static_url(MODULE, versioned=True)
        _URLS["deck"] = _static_url(DECK, versioned=False)
    return _URLS


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
    key: str = "map_view",
) -> Any:
    """The map itself. ``on_click`` / ``on_select`` run before the rerun a click or a lasso
    makes; read the value with :func:`event`."""
    return _view(
        key=key,
        data={**view, **urls()},
        on_click_change=on_click,
        on_select_change=on_select,
    )


def event(name: str, key: str = "map_view") -> Any:
    """The value a click ("click": a row id) or a lasso ("select": row ids) sent, or None."""
    state = st.session_state.get(key)
    if state is None:
        return None
    return state.get(name) if hasattr(state, "get") else getattr(state, name, None)
