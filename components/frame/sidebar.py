"""The frame every page shares: the sidebar (dataset and model, kept in session state) and the
current items. Each page calls :func:`page_frame` first, so the frame does not depend on app.py
re-running (see FACTS.md: under AppTest, app.py ran only on the first run)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from components import chart_config, links, present, resources
from components.frame import postprocessing
from components.text import plain, short
from core.errors import ExplorerError
from core.io.datasets import GLOVE_MAX, GLOVE_TOP, list_datasets, load_dataset
from core.io.stored import MAX_AGE_DAYS
from core.models.registry import DEFAULT_MODEL, GLOVE, available_models

CUSTOM = "custom"
OTHER_MODEL = "Other sentence-transformers model…"
_PERSIST = "_frame_persist"
_KEPT = "_frame_kept"  # the last value of each persisted widget, in a key no widget owns


@dataclass
class Items:
    """What the pages work on: texts, labels, and vectors (or the model that makes them)."""

    title: str
    texts: list[str]
    labels: list[str]
    model_name: str | None  # None when vectors came with the data (Projector upload)
    vectors: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)
    kind: str = "sentence"
    # Other columns of an uploaded table (name → one value per item), offered as "colour by".
    columns: dict[str, list] = field(default_factory=dict)
    coords: np.ndarray | None = None  # map coordinates that came with the data


def persist(*keys: str) -> None:
    """Keep these widget values when the user switches pages (Streamlit drops the state of
    widgets that are not drawn; re-assigning it at the top of every run keeps it)."""
    kept = st.session_state.setdefault(_PERSIST, set())
    kept.update(keys)


def _restore() -> None:
    """Re-assign each kept widget value (so Streamlit keeps it while its widget is not drawn),
    and bring back one Streamlit dropped anyway: after a fragment rerun (a click on the map), a
    switch of page lost the sidebar's dataset, so values are also kept under a key of ours."""
    kept = st.session_state.setdefault(_KEPT, {})
    for key in st.session_state.get(_PERSIST, ()):
        if key in st.session_state:
            kept[key] = st.session_state[key] = st.session_state[key]
        elif key in kept:
            st.session_state[key] = kept[key]


def _dataset_names() -> dict[str, str]:
    names = {d.name: d.title for d in list_datasets() if d.name != GLOVE_TOP}
    names[GLOVE_TOP] = "GloVe top-N words"
    if CUSTOM in st.session_state:
        names[CUSTOM] = f"Your data: {short(st.session_state[CUSTOM]['title'], 60)}"
    return names


def _on_dataset_change() -> None:
    name = st.session_state.get("frame_dataset")
    if name and name != CUSTOM:
        st.session_state["frame_model"] = (
            load_dataset(name, n=1).model if name == GLOVE_TOP else load_dataset(name).model
        )


def _keep_your_data() -> None:
    """A dataset the user brought survives a reload of the tab: it is kept on the server under
    a hash of its content (core.io.stored), named in the address as ``?data=…``, and opened again
    from there by the new session a reload starts."""
    key = st.query_params.get("data")
    first_run = not st.session_state.get("_frame_data_checked")
    st.session_state["_frame_data_checked"] = True
    if CUSTOM not in st.session_state and key and not first_run:
        del st.query_params["data"]  # the user removed the set in this session
    elif CUSTOM not in st.session_state and key:
        data = resources.stored_datasets().load(key)
        if data is None:
            st.warning(
                "The dataset named in this address is no longer kept on this server (uploads "
                f"are kept {MAX_AGE_DAYS} days after their last use). Bring it again on the "
                "Data page.", icon=":material/history:",
            )  # fmt: skip
            del st.query_params["data"]
            return
        st.session_state[CUSTOM] = {**data, "stored": key}
        st.session_state["frame_dataset"] = CUSTOM
    data = st.session_state.get(CUSTOM)
    if data is None:
        return
    if "stored" not in data:  # just brought on the Data page: keep it now, once
        data["stored"] = resources.stored_datasets().save(data)
        if data["stored"] is None:
            data["notes"] = [*data.get("notes", []), "This set is too large to keep across a "
                             "reload of the page: reloading drops it."]  # fmt: skip
    if data["stored"] and st.query_params.get("data") != data["stored"]:
        st.query_params["data"] = data["stored"]


def _ensure_router() -> None:
    """Make sure app.py (page config, st.navigation) is what runs, even for a first visit that
    opens a page's address directly.

    Streamlit treats a folder named ``pages/`` beside the main script as its older multipage
    mode until some session has called ``st.navigation``: on a fresh server, opening /map ran
    pages/map.py alone, with file names for a menu and a narrow layout. Switching that mode off
    (a process-wide flag of Streamlit's, the one ``st.navigation`` itself clears) and rerunning
    sends this session through app.py to the same page (both modes key a page by its URL path).
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without this internal flag: nothing to switch off
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        # Once per session: AppTest sets the flag back before every run, and a rerun there would
        # drop the run's button clicks (a live server sets it once per process, before any).
        if not st.session_state.get("_frame_routed"):
            st.session_state["_frame_routed"] = True
            st.rerun()
    st.session_state["_frame_routed"] = True


def page_frame(title: str, intro: str) -> None:
    """Page config side of the frame: background work, sidebar, title and the plain-words intro."""
    _ensure_router()
    resources.start_background_work()
    _restore()
    links.apply_dataset_params(_on_dataset_change)
    page = title.lower().split()[0]
    links.read(page)
    _keep_your_data()
    persist("frame_dataset", "frame_model", "frame_model_other", "frame_glove_n", postprocessing.KEY)
    st.session_state.setdefault("frame_dataset", "ninety-words")
    st.session_state.setdefault("frame_model", DEFAULT_MODEL)
    names = _dataset_names()
    if st.session_state["frame_dataset"] not in names:
        st.session_state["frame_dataset"] = "ninety-words"
    with st.sidebar:
        st.selectbox(
            "Dataset",
            list(names),
            format_func=names.get,
            key="frame_dataset",
            on_change=_on_dataset_change,
        )
        if st.session_state["frame_dataset"] == GLOVE_TOP:
            st.session_state.setdefault("frame_glove_n", 10_000)
            st.number_input(
                "How many words",
                100,
                GLOVE_MAX,
                step=1_000,
                key="frame_glove_n",
                help="The most frequent GloVe words. 100,000 draw fine; projections take longer.",
            )
        models = [m.name for m in available_models()] + [OTHER_MODEL]
        if (
            st.session_state["frame_dataset"] == CUSTOM
            and st.session_state[CUSTOM].get("vectors") is not None
        ):
            st.caption("Model: the vectors came with your file.")
        else:
            st.selectbox(
                "Model",
                models,
                key="frame_model",
                help="\n".join(f"- **{m.name}**: {m.description}" for m in available_models()),
            )
            if st.session_state["frame_model"] == OTHER_MODEL:
                st.text_input(
                    "Model name or folder",
                    key="frame_model_other",
                    placeholder="e.g. sentence-transformers/all-mpnet-base-v2",
                    help="Needs the internet the first time; the bundled models work offline.",
                )
        postprocessing.control()
        st.caption("Bundled models work offline. Choices here are shared by every page.")
    links.write(page)
    links.share(page)
    with st.sidebar:
        chart_config.control(page)
        present.control()
    present.bar(page)
    st.title(title)
    st.markdown(intro)


def model_name() -> str:
    """The model picked in the sidebar (the custom name when 'Other' is chosen)."""
    name = st.session_state.get("frame_model", DEFAULT_MODEL)
    if name == OTHER_MODEL:
        return (st.session_state.get("frame_model_other") or "").strip()
    return name


def current_items() -> Items:
    """The dataset chosen in the sidebar, as items (no encoding yet)."""
    name = st.session_state.get("frame_dataset", "ninety-words")
    if name == CUSTOM:
        data = st.session_state[CUSTOM]
        vectors = data.get("vectors")
        return Items(
            data["title"],
            list(data["texts"]),
            list(data["labels"]),
            None if vectors is not None else model_name(),
            vectors,
            list(data.get("notes", [])),
            columns=dict(data.get("columns") or {}),
            coords=data.get("coords"),
        )
    ds = (
        load_dataset(name, n=int(st.session_state.get("frame_glove_n", 10_000)))
        if name == GLOVE_TOP
        else load_dataset(name)
    )
    return Items(ds.title, ds.texts, ds.labels, model_name())


def vectors_of(items: Items, *, post: bool = True) -> np.ndarray:
    """The items' vectors, encoding them (cached) if needed, post-processed as the sidebar says
    (unless ``post`` is False); shows an error and stops the page on bad input (for example
    words a word model lacks, or a model that cannot load)."""
    if items.vectors is not None:
        return postprocessing.apply(items.vectors) if post else items.vectors  # fitted on themselves
    if not items.model_name:
        fail("Enter a model name in the sidebar, or pick a bundled model.")
    try:
        vectors = resources.encode(items.model_name, items.texts)
    except ExplorerError as exc:
        fail(str(exc))
    return postprocessing.apply(vectors, model_name=items.model_name) if post else vectors


def model_kind(name: str) -> str:
    return next((m.kind for m in available_models() if m.name == name), "sentence")


def fail(message: str) -> None:
    """A user-facing error, then stop this run (what the user entered stays in its widgets)."""
    st.error(plain(message), icon=":material/error:")
    st.stop()


def dedupe(items: Items) -> Items:
    """Repeated texts kept once (the 90-word list repeats 'swimmer' and 'surfer'), with a note."""
    seen: dict[str, int] = {}
    keep = []
    for i, t in enumerate(items.texts):
        if t not in seen:
            seen[t] = i
            keep.append(i)
    if len(keep) == len(items.texts):
        return items
    dropped = sorted({t for i, t in enumerate(items.texts) if seen[t] != i})
    note = f"Repeated item(s) shown once: {', '.join(short(d, 40) for d in dropped[:5])}{' …' if len(dropped) > 5 else ''}."
    vectors = None
    if items.vectors is not None:  # copied once per set, not on every rerun (1.5 GB at 1M × 384)
        key = ("dedupe", resources.digest(items.vectors), resources.texts_key(items.texts))
        vectors = resources.memo(key, lambda: items.vectors[keep])
    return Items(
        items.title,
        [items.texts[i] for i in keep],
        [items.labels[i] for i in keep],
        items.model_name,
        vectors,
        [*items.notes, note],
        items.kind,
        {name: [values[i] for i in keep] for name, values in items.columns.items()},
        None if items.coords is None else items.coords[keep],
    )


__all__ = [
    "GLOVE",
    "Items",
    "current_items",
    "dedupe",
    "fail",
    "model_kind",
    "model_name",
    "page_frame",
    "persist",
    "vectors_of",
]
