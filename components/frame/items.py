"""The items every page works on: texts, labels and vectors (or the model that makes them), as the
sidebar chose them; their vectors, encoded once and post-processed as the sidebar says."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from components import resources
from components.frame import postprocessing
from components.frame.state import fail
from components.text import short
from core.errors import ExplorerError, InputError
from core.io.datasets import GLOVE_TOP, load_dataset
from core.io.server_paths import REFUSED, confine
from core.keys import texts_key
from core.models.registry import DEFAULT_MODEL, available_models

CUSTOM = "custom"  # the session key of the dataset the user brought
OTHER_MODEL = "Other sentence-transformers model…"


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


def model_name() -> str:
    """The model picked in the sidebar (the custom name when 'Other' is chosen)."""
    name = st.session_state.get("frame_model", DEFAULT_MODEL)
    if name == OTHER_MODEL:
        typed = (st.session_state.get("frame_model_other") or "").strip()
        return typed if model_refusal(typed) is None else ""
    return name


def model_refusal(typed: str) -> str | None:
    """Why a typed model name is refused (None: it may load). A name that is a path (starts
    with /, ~ or .) must name a folder inside the folders the operator allowed (the same rule
    as files; one message whether or not it exists); a hub id ("org/name") is not a path."""
    if not typed or not typed.startswith(("/", "~", ".", "\\")):
        return None
    try:
        folder = confine(typed)
    except InputError as exc:
        return str(exc)
    return None if folder.is_dir() else REFUSED


def model_kind(name: str) -> str:
    return next((m.kind for m in available_models() if m.name == name), "sentence")


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
    return Items(ds.title, ds.texts, ds.labels, model_name(), columns=dict(ds.columns))


def vectors_of(items: Items, *, post: bool = True) -> np.ndarray:
    """The items' vectors, encoding them (cached) if needed, post-processed as the sidebar says
    (unless ``post`` is False); shows an error and stops the page on bad input (for example
    words a word model lacks, or a model that cannot load)."""
    if items.vectors is not None:
        return (
            postprocessing.apply(items.vectors) if post else items.vectors
        )  # fitted on themselves
    if not items.model_name:
        fail("Enter a model name in the sidebar, or pick a bundled model.")
    try:
        vectors = resources.encode(items.model_name, items.texts)
    except ExplorerError as exc:
        fail(str(exc))
    return postprocessing.apply(vectors, model_name=items.model_name) if post else vectors


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
        vectors = resources.cached("dedupe", items.vectors, texts_key(items.texts),
                                   compute=lambda: items.vectors[keep])  # fmt: skip
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
