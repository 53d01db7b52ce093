"""The Map's clusters: found on the map's own coordinates and named (:mod:`core.clusters`), once
per map; drawn on the map by zoom level; used for "colour by cluster"; renamed by the user (the
names travel with the link and the saved view, and go into the exports)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from components import resources
from components.frame.items import Items, model_kind
from components.links import RENAMED
from components.map.payload import NOISE
from components.text import plain, short
from core.analogy.candidates import pool
from core.clusters import Cluster, describe, find_clusters
from core.errors import ExplorerError
from core.io.repeats import Repeats
from core.keys import texts_key
from core.models.embedders import WordEmbedder

ON, HOW, K = "map_clusters", "map_cluster_how", "map_cluster_k"
AUTO = "_map_clusters_auto"  # what the set's size turned the toggle to last
HOWS = {"auto": "found by itself", "density": "by density", "kmeans": "k-means"}
METHOD = {"auto": "ward", "density": "hdbscan", "kmeans": "kmeans"}  # core.clusters' names
LEVELS = ("coarse", "fine", "finest")
NAMED_UP_TO = 200_000  # items: naming reads every text; beyond, clusters are not offered
ON_UP_TO = 20_000  # items named without asking (larger sets: on request, with a progress bar)
MIN_COARSE = 5  # clusters at the full view at least, when a finer level has more
VOCABULARY = 50_000  # GloVe's most frequent words that may name a cluster of words


@dataclass(frozen=True)
class Found:
    """The clusters of one map: label arrays (coarse first; -1 noise) and their descriptions."""

    levels: list[np.ndarray]
    described: list[list[Cluster]]
    how: str


def controls(n: int) -> tuple[str, int] | None:
    """The sidebar's clusters choice: (how, k) or None when off."""
    auto = n <= ON_UP_TO  # on by itself for this set's size, unless the user (or a link) chose
    if st.session_state.get(ON) is None or st.session_state.get(ON) == st.session_state.get(AUTO):
        st.session_state[ON] = auto
    st.session_state[AUTO] = auto
    st.session_state.setdefault(HOW, "auto")
    st.session_state.setdefault(K, 8)
    on = st.toggle("Name clusters", key=ON, disabled=n > NAMED_UP_TO,
                   help="Regions of the map found without a number to choose (where the map's "
                   "groups stand apart best: a Ward tree cut by the silhouette; or by density, "
                   "leaving sparse dots as noise), at a coarse and a finer level, each named "
                   "from its items' words. Zoom in for the "
                   f"finer names. On by itself up to {ON_UP_TO:,} items; up to "
                   f"{NAMED_UP_TO:,} on request.")  # fmt: skip
    if not on or n > NAMED_UP_TO:
        return None
    how = st.segmented_control("Clusters", list(HOWS), key=HOW, format_func=HOWS.get) or "auto"
    if how == "kmeans":
        k = st.number_input("How many (k-means)", 2, max(2, min(60, n - 1)), key=K)
        return how, int(k)
    return how, 0


def found(
    items: Items, vectors: np.ndarray, coords: np.ndarray, choice, shared: Repeats | None = None
) -> Found | None:
    """The map's clusters, found and named once per (map, texts, choice); None when off or
    when the set has none to find (said under the map). ``items``, ``vectors`` and ``coords``
    are the map's points (each text once); with ``shared``, the result is told in rows: every
    row takes its point's labels, and sizes, shares and typical items count rows."""
    if choice is None:
        return None
    how, k = choice

    def compute() -> Found:
        bar = st.sidebar.empty()  # a bar above the map would shift it (and lose the camera)

        def report(fraction: float, message: str) -> None:
            if len(items.texts) > ON_UP_TO:  # small sets take a moment: no bar flashes by
                bar.progress(min(1.0, max(0.0, fraction)), text=f"Clusters: {message}…")

        try:
            levels = find_clusters(coords, method=METHOD.get(how, "ward"), k=k or None,
                                   min_coarse=MIN_COARSE, progress=report)  # fmt: skip
            report(0.5, "naming them")
            described = describe(items.texts, vectors, coords, levels, **_namer(items))
        finally:
            bar.empty()
        return on_rows(Found(levels, described, how), shared)

    rows = None if shared is None else shared.point_of_row
    try:
        return resources.cached("clusters", coords, vectors, texts_key(items.texts), how, k,
                                items.model_name, rows, compute=compute)  # type: ignore[return-value]  # fmt: skip
    except ExplorerError as exc:
        st.caption(f"No clusters: {plain(exc)}")
        return None


def on_rows(found: Found, shared: Repeats | None) -> Found:
    """The clusters of the points, told in rows (a row takes the labels of the point it is
    drawn as; a cluster's size and share count rows; its typical items name rows)."""
    if shared is None or not shared.shared:
        return found
    levels = [labels[shared.point_of_row] for labels in found.levels]
    n = max(1, shared.rows)
    described = [
        [replace(c, size=int((lv == c.label).sum()), share=float((lv == c.label).sum()) / n,
                 typical=[int(shared.first_row[i]) for i in c.typical]) for c in level]
        for level, lv in zip(found.described, levels, strict=True)
    ]  # fmt: skip
    return Found(levels, described, found.how)


def _namer(items: Items) -> dict:
    """How names are made: from the texts' words (sentences), or from vocabulary words near a
    cluster (single words, under GloVe or the sentence model); without a model, from the texts'
    own words only."""
    if not items.model_name:
        return {"kind": "sentence", "embedder": None}
    model = resources.model(items.model_name)
    single = all(t and " " not in t.strip() for t in items.texts)
    if not (single or model_kind(items.model_name) == "word"):
        return {"kind": "sentence", "embedder": model}
    if isinstance(model, WordEmbedder):
        vocabulary = (model.vocabulary[:VOCABULARY], model.unit_vectors[:VOCABULARY])
    else:
        base = pool(model, []).base
        vocabulary = (base.words, base.unit)
    return {"kind": "word", "embedder": model, "vocabulary": vocabulary}


def renamed() -> dict[str, str]:
    """The user's own names, by "level:found name" (so a name given to one map's cluster never
    lands on another's: another set or projection finds other clusters, named otherwise)."""
    return dict(st.session_state.get(RENAMED) or {})


def name_of(c: Cluster) -> str:
    return renamed().get(rename_key(c)) or c.name


def rename_key(c: Cluster) -> str:
    return f"{c.level}:{c.name}"


def names(found: Found, level: int, own: dict[str, str] | None = None) -> list[str]:
    """Each item's cluster name at a level ("(noise)" for noise); ``own``: the user's names
    (read now when not given)."""
    own = renamed() if own is None else own
    by_label = {c.label: own.get(rename_key(c)) or c.name for c in found.described[level]}
    return [by_label.get(int(x), NOISE) for x in found.levels[level]]


def for_map(found: Found | None) -> dict | None:
    """The names the map draws, by level (ViewData.clusters in static/map/contract.js)."""
    if found is None:
        return None
    levels = [
        [{"name": short(name_of(c), 40), "at": [float(x) for x in c.centre], "size": c.size}
         for c in level]
        for level in found.described if level
    ]  # fmt: skip
    return {"levels": levels} if levels else None


def columns(found: Found | None, own: dict[str, str] | None = None) -> dict[str, list]:
    """Export columns: each level's cluster number (-1 noise) and name (``own``: the user's
    names, given when this runs outside a page run, as a download made on press does)."""
    if found is None:
        return {}
    out: dict[str, list] = {}
    for level in range(len(found.levels)):
        suffix = "" if level == 0 else f"_{LEVELS[level]}"
        out[f"cluster{suffix}"] = [int(x) for x in found.levels[level]]
        out[f"cluster{suffix}_name"] = names(found, level, own)
    return out


def recipe(items: Items, choice) -> str:
    """The map recipe's lines that find and name the clusters as this page does (after its
    ``model``, ``vectors`` and ``coords``): each level's names and sizes."""
    if choice is None or not items.model_name:
        return ""
    how, k = choice
    found = ("method='kmeans', k=" + str(k) if how == "kmeans"
             else f"method={METHOD.get(how, 'ward')!r}, min_coarse={MIN_COARSE}")  # fmt: skip
    namer = _namer(items)
    if namer["kind"] == "sentence":
        naming = "embedder=model"
    elif isinstance(namer["embedder"], WordEmbedder):
        naming = (f"kind='word', vocabulary=(model.vocabulary[:{VOCABULARY}], "
                  f"model.unit_vectors[:{VOCABULARY}])")  # fmt: skip
    else:
        naming = "kind='word', vocabulary=(words.base.words, words.base.unit)"
    head = "" if "base.words" not in naming else "words = pool(model, [])\n"
    return (
        "from collections import Counter\n\n"
        + "from core.analogy import pool\n" * bool(head)
        + "from core.clusters import describe, find_clusters\n\n"
        + head
        + f"levels = find_clusters(coords, {found})\n"
        + "rows_of = Counter(data.texts)  # the map counts rows: a repeated text's rows are in its cluster\n"
        + f"for level in describe(texts, vectors, coords, levels, {naming}):\n"
        + "    for c in level:\n"
        + "        size = sum(rows_of[t] for t, x in zip(texts, levels[c.level]) if x == c.label)\n"
        + "        print(c.level, c.name, size, sep='\\t')\n"
    )
