"""Views that travel: each page keeps its settings in the address (``?k=…&metric=…``), so a copied
link opens the same view in another browser. A session's first run reads the address into the
widgets' state (values checked, anything unknown ignored); every run writes the page's current
values back. The dataset (``dataset``, ``n``, ``data``) is handled by the frame.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import streamlit as st

from core.io.datasets import GLOVE_MAX, list_datasets
from core.models.registry import DEFAULT_MODEL, GLOVE, available_models

_READ = "_links_read"
_PICK = "_links_pick"  # the map's pick, by its text, until the map can find its row
FILTER = "map_filter"  # the map's filter, {column: rule} (components.map.filters)
RENAMED = "map_cluster_names"  # the map's clusters the user renamed (components.map.clusters)
_NAMES_CHARS = 4_000
TEXT_CHARS = 20_000  # a text setting read from an address (a formula, a word list): far above use


@dataclass(frozen=True)
class Link:
    key: str  # the widget's session-state key
    param: str  # its name in the address
    kind: type = str
    allowed: tuple | None = None  # the values a choice widget takes (others are ignored)
    top: int = 0  # for numbers: 1..top


FRAME = (
    Link("frame_model", "model", str, tuple(m.name for m in available_models())),
    Link("frame_post", "vectors", str, ("none", "centre", "abtt")),
)
PAGES = {
    "map": (
        Link("map_method", "method", str, ("tsne", "umap", "pca")),
        Link("map_dims", "dims", int, (2, 3)),
        Link("map_metric", "metric", str, ("cosine", "euclidean", "dot", "csls", "mp")),
        Link("map_k", "k", int, top=50),
        Link("map_colour", "colour"),  # the map falls back to "group" for a column it lacks
        Link("map_search", "find"),
        Link("map_clusters", "clusters", bool),
        Link("map_cluster_how", "clustering", str, ("auto", "density", "kmeans")),
        Link("map_cluster_k", "ck", int, top=60),
    ),
    "similarity": (Link("sim_metric", "metric", str, ("cosine", "euclidean", "dot")),),
    "analogy": (
        Link("analogy_a", "a"),
        Link("analogy_b", "b"),
        Link("analogy_c", "c"),
        Link("analogy_exclude", "exclude", bool),
        Link("analogy_method", "how", str, ("3cosadd", "3cosmul")),
        Link("analogy_model", "with", str, (GLOVE, DEFAULT_MODEL)),
        Link("analogy_topn", "top", int, top=50),
    ),  # fmt: skip
    "directions": (
        Link("dir_kind", "kind", str, ("two", "pairs", "sets", "formula")),
        Link("dir_a", "towards"),
        Link("dir_b", "from"),
        Link("dir_formula", "formula"),
        Link("weat_test", "test"),
    ),  # fmt: skip
    "geometry": (
        Link("geo_k", "k", int, top=50),
        Link("geo_agree", "compare", str, ("euclidean", "dot", "abtt", "models")),
    ),
    "search": (
        Link("search_query", "q"),
        Link("search_rank", "rank", str, ("cosine", "csls", "mp")),
    ),
    "context": (Link("context_word", "word"),),
}


def _value(link: Link, raw: str):
    """The address's text as the widget's value, or None when it is not one."""
    if link.kind is bool:
        return {"true": True, "false": False}.get(raw.lower())
    if link.kind is int:
        ok = raw.isdigit() and (link.allowed is None or int(raw) in link.allowed)
        return int(raw) if ok and (not link.top or 1 <= int(raw) <= link.top) else None
    if link.allowed is not None and raw not in link.allowed:
        return None
    return raw[:TEXT_CHARS]


def apply_dataset_params(on_dataset_change: Callable[[], None]) -> None:
    """Once per session: ``?dataset=…&n=…`` into the sidebar's choice (``on_dataset_change``
    then picks the dataset's model, as choosing it in the sidebar does)."""
    if st.session_state.get("_frame_qp_done"):
        return
    st.session_state["_frame_qp_done"] = True
    qp = st.query_params
    if qp.get("dataset") in _datasets():
        st.session_state["frame_dataset"] = qp["dataset"]
        on_dataset_change()
    if qp.get("n", "").isdigit():
        st.session_state["frame_glove_n"] = max(100, min(GLOVE_MAX, int(qp["n"])))


def read(page: str) -> None:
    """Once per session: the address's values into the widgets' state."""
    if st.session_state.get(_READ):
        return
    st.session_state[_READ] = True
    _apply(page, st.query_params)


def _apply(page: str, params) -> None:
    """A view's values (an address's or a saved view's) into the widgets' state, each checked."""
    for link in (*FRAME, *PAGES.get(page, ())):
        value = _value(link, str(params[link.param])) if link.param in params else None
        if value is not None:
            st.session_state[link.key] = value
    if page == "map" and params.get("pick"):
        st.session_state[_PICK] = str(params["pick"])[:500]
    if page == "map" and params.get("names"):
        st.session_state[RENAMED] = cluster_names(str(params["names"]))
    if page == "map" and params.get("filter"):
        st.session_state[FILTER] = filter_rules(str(params["filter"]))


def write(page: str) -> None:
    """The page's current values into the address (values left unset are left out)."""
    wanted = {}
    for link in (*FRAME, *PAGES.get(page, ())):
        value = st.session_state.get(link.key)
        if value is not None and value != "":
            wanted[link.param] = str(value).lower() if link.kind is bool else str(value)
    dataset = st.session_state.get("frame_dataset")
    if dataset and dataset != "custom":  # the user's own data is named by ?data= (the frame)
        wanted["dataset"] = dataset
        if dataset == "glove-top":
            wanted["n"] = str(st.session_state.get("frame_glove_n") or 10_000)
    if page == "map" and st.session_state.get(RENAMED):  # the user's own cluster names
        wanted["names"] = json.dumps(st.session_state[RENAMED], ensure_ascii=False, sort_keys=True)
    if page == "map" and st.session_state.get(FILTER):  # the rows the map shows in colour
        wanted["filter"] = json.dumps(st.session_state[FILTER], ensure_ascii=False, sort_keys=True)
    keep = {"data", "pick"} if page == "map" else {"data"}
    for param in [p for p in st.query_params if p not in wanted and p not in keep]:
        del st.query_params[param]
    for param, value in wanted.items():
        if st.query_params.get(param) != value:
            st.query_params[param] = value


def cluster_names(raw: str) -> dict[str, str]:
    """Renamed clusters from the address ({"level:found name": name}); anything else is ignored."""
    try:
        names = json.loads(raw[:_NAMES_CHARS])
    except ValueError:
        return {}
    if not isinstance(names, dict):
        return {}
    return {k: v.strip()[:60] for k, v in names.items()
            if isinstance(v, str) and v.strip() and re.fullmatch(r"\d:.{1,200}", str(k))}  # fmt: skip


def filter_rules(raw: str) -> dict:
    """A map filter from the address ({column: {"in": [texts]} or {"range": [low, high]}});
    anything else is left out."""
    try:
        spec = json.loads(raw[:_NAMES_CHARS])
    except ValueError:
        return {}
    out = {}
    for name, rule in spec.items() if isinstance(spec, dict) else ():
        if isinstance(rule, dict) and isinstance(rule.get("in"), list):
            out[str(name)[:200]] = {"in": [str(v)[:200] for v in rule["in"][:200]]}
        elif (
            isinstance(rule, dict)
            and isinstance(rule.get("range"), list)
            and len(rule["range"]) == 2
        ):
            low, high = rule["range"]
            if all(
                isinstance(v, (int, float, str)) and not isinstance(v, bool) for v in (low, high)
            ):
                out[str(name)[:200]] = {"range": [low, high]}
    return out


def pending_pick() -> str | None:
    """The map's pick named by the address (its text), once."""
    return st.session_state.pop(_PICK, None)


def show_pick(text: str | None) -> None:
    """The map's current pick, by its text, in the address."""
    if text is None:
        st.query_params.pop("pick", None)
    elif st.query_params.get("pick") != text:
        st.query_params["pick"] = text


def share(page: str) -> None:
    """The sidebar's "Share this view": the page's address with its settings, with a copy
    button (the address bar says the same), and the view saved as a file."""
    base = (st.context.url or "").split("?")[0]
    query = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in st.query_params.items())
    with st.sidebar.expander("Share this view", icon=":material/link:"):
        st.code(f"{base}?{query}" if query else base or "(the address bar)", language=None,
                wrap_lines=True)  # fmt: skip
        st.caption("Opens this page with these settings in any browser that reaches this "
                   "server. Your own uploaded data is named by a key and kept 7 days.")  # fmt: skip
        view = {"page": page, "params": dict(st.query_params.items())}
        st.download_button("Save this view (JSON)", json.dumps(view, indent=1), "view.json",
                           "application/json", key="links_save_view",
                           help="Open it again on the Data page.")  # fmt: skip


def dumps_view(page: str, params: dict[str, str]) -> bytes:
    """A view as :func:`open_view` reads it (what "Save this view" writes)."""
    return json.dumps({"page": page, "params": params}).encode()


VIEW_PAGES = (
    "start",
    "map",
    "similarity",
    "analogy",
    "directions",
    "geometry",
    "search",
    "context",
    "data",
)  # every page "Save this view" is offered on


def open_view(raw: bytes) -> str:
    """A saved view read into the widgets' state (call from a callback, before the widgets are
    drawn); returns the page to go to. Raises ValueError with a plain message."""
    try:
        view = json.loads(raw.decode("utf-8"))
        page, params = view["page"], view["params"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise ValueError(
            "This file is not a saved view (a JSON file from “Save this view”)."
        ) from None
    if page not in VIEW_PAGES or not isinstance(params, dict):
        raise ValueError(f"This view names a page this app does not have: {str(page)[:40]!r}.")
    params = {str(k): str(v) for k, v in params.items()}
    _apply(page, params)
    if params.get("dataset") in _datasets():
        st.session_state["frame_dataset"] = params["dataset"]
        if params.get("n", "").isdigit():
            st.session_state["frame_glove_n"] = max(100, min(GLOVE_MAX, int(params["n"])))
    return page


def _datasets() -> set[str]:
    return {d.name for d in list_datasets()}
