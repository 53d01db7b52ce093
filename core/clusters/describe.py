"""Each cluster of each level, described: its name and keywords, size, share of all items, how
well its name tells it from the others (quality), its typical members, its place on the map and
its parent in the level above. Noise (label -1) is not named."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.clusters.names import (
    NAME_WORDS,
    centroids,
    name_of,
    name_quality,
    text_keywords,
    word_keywords,
)
from core.clusters.tfidf import term_counts
from core.errors import InputError
from core.progress import Report
from core.vectors import as_matrix, normalize_rows

KINDS = ("sentence", "word")
TYPICAL = 3
FALLBACK_CHARS = 40


@dataclass(frozen=True)
class Cluster:
    """One cluster of one level.

    ``label`` is its label in ``levels[level]``; ``parent`` its label in the level above (the
    coarser one; -1 when there is none or it lies in that level's noise); ``share`` its size over
    all items (noise included); ``quality`` the share of its items nearer its name than any other
    cluster's name (0–1); ``typical`` the rows of the members nearest its centroid; ``centre``
    the mean map coordinates of its members.
    """

    level: int
    label: int
    name: str
    keywords: list[str]
    size: int
    share: float
    quality: float
    typical: list[int]
    centre: tuple[float, ...]
    parent: int


def describe(
    texts: Sequence[str],
    vectors,
    coords,
    levels: Sequence[np.ndarray],
    *,
    embedder=None,
    vocabulary: tuple[Sequence[str], np.ndarray] | None = None,
    kind: str = "sentence",
    progress: Report | None = None,
) -> list[list[Cluster]]:
    """Describe every cluster of every level (as :func:`core.clusters.find_clusters` returns them).

    Parameters
    ----------
    texts, vectors, coords : the items, their vectors (n, dim) and their map coordinates (n, 2|3)
    levels : label arrays (n,), coarse first; -1 is noise
    embedder : the model that encoded the texts (``.encode(texts)``); for kind "sentence" it
        re-ranks the keywords and scores the names; without it (vectors that came without their
        model) names are the c-TF-IDF order itself and quality is nan
    vocabulary : (words in frequency order, their unit vectors in the same space as ``vectors``);
        needed for kind "word", e.g. GloVe's 50,000 most frequent words
    kind : "sentence" (names from the texts' words) or "word" (each item is one word: names are
        vocabulary words near the cluster that are not its members)

    Returns
    -------
    One list per level, its clusters in label order.

    Raises
    ------
    InputError
        Unknown kind, a missing embedder or vocabulary, or inputs of different lengths.
    """
    unit, xy, levels = _check(texts, vectors, coords, levels, kind, embedder, vocabulary)
    counts = term_counts(texts) if kind == "sentence" else None
    out = []
    for i, labels in enumerate(levels):
        if progress:
            progress(i / len(levels), f"naming the clusters of level {i + 1} of {len(levels)}")
        above = levels[i - 1] if i else None
        found = _level(i, texts, unit, xy, labels, above, kind, embedder, vocabulary, counts)
        out.append(found)
    if progress:
        progress(1.0, "clusters named")
    return out


def _level(level, texts, unit, xy, labels, above, kind, embedder, vocabulary, counts):
    classes = sorted(int(c) for c in np.unique(labels[labels >= 0]))
    if not classes:
        return []
    centres = centroids(unit, labels, classes)
    typical = {
        c: _typical(unit, labels, c, centre) for c, centre in zip(classes, centres, strict=True)
    }
    if kind == "sentence":
        keywords = text_keywords(texts, labels, unit, embedder, counts=counts)
    else:
        keywords = word_keywords(texts, labels, unit, vocabulary)
    names = {c: name_of(keywords[c]) or _fallback(texts[typical[c][0]]) for c in classes}
    quality = (
        {c: float("nan") for c in classes}  # no model to place a name in the items' space
        if kind == "sentence" and embedder is None
        else name_quality(unit, labels, _name_vectors(names, keywords, typical, unit, kind,
                                                      embedder, vocabulary))
    )  # fmt: skip
    n = len(labels)
    found = []
    for c in classes:
        members = labels == c
        found.append(Cluster(
            level=level, label=c, name=names[c], keywords=list(keywords[c]),
            size=int(members.sum()), share=float(members.sum() / n), quality=quality[c],
            typical=typical[c], centre=tuple(float(x) for x in xy[members].mean(axis=0)),
            parent=_parent(above, members),
        ))  # fmt: skip
    return found


def _name_vectors(names, keywords, typical, unit, kind, embedder, vocabulary) -> dict:
    """The vector each name stands for: the encoded name string (texts); the mean of the name
    words' vectors (words); a name made from an item (no keywords) is that item's vector."""
    classes = sorted(names)
    if kind == "sentence":
        encoded = np.asarray(embedder.encode([names[c] for c in classes]), dtype=np.float64)
        return dict(zip(classes, encoded, strict=True))
    vocab_words, vocab_unit = vocabulary
    row_of = {str(w): i for i, w in enumerate(vocab_words)}
    out = {}
    for c in classes:
        rows = [row_of[w] for w in keywords[c][:NAME_WORDS] if w in row_of]
        out[c] = (np.asarray(vocab_unit[rows], dtype=np.float64).mean(axis=0) if rows
                  else unit[typical[c][0]])  # fmt: skip
    return out


def _typical(unit: np.ndarray, labels: np.ndarray, label: int, centre: np.ndarray) -> list[int]:
    rows = np.flatnonzero(labels == label)
    order = np.argsort(-(unit[rows] @ centre), kind="stable")[:TYPICAL]
    return [int(r) for r in rows[order]]


def _parent(above: np.ndarray | None, members: np.ndarray) -> int:
    if above is None:
        return -1
    values, counts = np.unique(above[members], return_counts=True)
    return int(values[np.argmax(counts)])


def _fallback(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= FALLBACK_CHARS else text[: FALLBACK_CHARS - 1] + "…"


def _check(texts, vectors, coords, levels, kind, embedder, vocabulary):
    if kind not in KINDS:
        raise InputError(f"Unknown kind: {kind!r}. Must be one of: {list(KINDS)}.")
    if kind == "word" and vocabulary is None:
        raise InputError(
            "Naming clusters of words needs a vocabulary: (words in frequency order, their unit "
            "vectors), e.g. the 50,000 most frequent words of the model."
        )
    unit = normalize_rows(as_matrix(vectors, min_rows=1))  # float32: 100,000 × 384 is 147 MiB
    xy = as_matrix(coords, name="map coordinates", min_rows=1)
    levels = [np.asarray(labels, dtype=np.int64) for labels in levels]
    sizes = {len(texts), len(unit), len(xy), *(len(labels) for labels in levels)}
    if len(sizes) > 1:
        raise InputError(
            f"texts, vectors, coordinates and every level must have one entry per item; got "
            f"{len(texts)} texts, {len(unit)} vectors, {len(xy)} coordinates and levels of "
            f"{sorted({len(labels) for labels in levels})} labels."
        )
    return unit, xy, levels
