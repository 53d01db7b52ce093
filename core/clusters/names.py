"""Keywords that name a cluster, from its texts (c-TF-IDF, re-ranked by meaning) or, for single
words, from a vocabulary (the words nearest the members that are not members).

Texts: the ``TOP_TERMS`` best c-TF-IDF terms of each cluster (uni- and bigrams, stop words out)
are encoded by the model that encoded the texts and re-ranked by cosine to the cluster's
centroid (the normalised mean of its members' unit vectors), with Maximal Marginal Relevance
(KeyBERT's idea, ``DIVERSITY``) so the second keyword says something the first does not.

Words: the ``WORD_POOL`` vocabulary words nearest the centroid (alphabetic, not an English stop
word, not a member) are scored by the 25th percentile of their cosines to the members (a word
near most members beats one very near a few: "animal" over "cats") minus ``FREQUENCY_WEIGHT`` ×
log10(1 + its place in the vocabulary's frequency order); an inflection of a word already kept
("animals" after "animal") is skipped. MMR is not used for words: on the 88-word set it swapped
good second words for unrelated ones ("animal · king"). There, with the true groups, these
choices named 9 of 18 groups with a word of the group's name or members under the sentence model
(5 by the centroid alone); GloVe 50-d keeps hypernyms far from centroids, so its names are mostly
other members of the family ("rabbit" for cats, dogs and lions).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.clusters.tfidf import TOP_TERMS, class_tfidf
from core.vectors import normalize_rows

KEYWORDS = 5  # keywords kept per cluster; the name is the first NAME_WORDS
NAME_WORDS = 2
SEPARATOR = " · "
DIVERSITY = 0.3  # MMR (text keywords): 0 ranks by relevance alone, 1 by novelty alone
WORD_POOL = 300
FREQUENCY_WEIGHT = 0.05


def centroids(unit_vectors: np.ndarray, labels: np.ndarray, classes: Sequence[int]) -> np.ndarray:
    """The normalised mean of each class's unit vectors, (len(classes), dim): the direction of
    their sum, summed for all classes at once (one sparse product)."""
    from scipy import sparse

    keep = np.flatnonzero(np.isin(labels, classes))
    rows = np.searchsorted(np.asarray(classes), labels[keep])
    ones = np.ones(len(keep), dtype=unit_vectors.dtype)  # the vectors' type: no float64 copy
    member = sparse.csr_matrix((ones, (rows, keep)), shape=(len(classes), len(labels)))
    return normalize_rows(np.asarray(member @ unit_vectors, dtype=np.float64))


def mmr(
    vectors: np.ndarray, relevance: np.ndarray, k: int, diversity: float = DIVERSITY
) -> list[int]:
    """Maximal Marginal Relevance: up to k rows of ``vectors`` (unit length), the most relevant
    first, each next one maximising ``(1 - diversity) * relevance - diversity * (its highest
    cosine to the rows already picked)``."""
    if len(vectors) == 0:
        return []
    picked = [int(np.argmax(relevance))]
    between = vectors @ vectors.T
    while len(picked) < min(k, len(vectors)):
        score = (1 - diversity) * relevance - diversity * between[:, picked].max(axis=1)
        score[picked] = -np.inf
        picked.append(int(np.argmax(score)))
    return picked


def text_keywords(
    texts: Sequence[str], labels: np.ndarray, unit_vectors: np.ndarray, embedder, *,
    keywords: int = KEYWORDS, counts=None,
) -> dict[int, list[str]]:  # fmt: skip
    """Keywords of each cluster (label ≥ 0) of texts, best first (see the module); ``counts``
    is ``tfidf.term_counts(texts)`` when already known."""
    tfidf = class_tfidf(texts, labels, counts=counts)
    candidates = {c: tfidf.top(row, TOP_TERMS) for row, c in enumerate(tfidf.classes)}
    terms = sorted({t for found in candidates.values() for t in found})
    if not terms:
        return {c: [] for c in tfidf.classes}
    if embedder is None:  # vectors that came without their model: the c-TF-IDF order itself
        return {c: _unrepeated(candidates[c], keywords) for c in tfidf.classes}
    encoded = normalize_rows(np.asarray(embedder.encode(terms), dtype=np.float64))
    row_of = {t: i for i, t in enumerate(terms)}
    centres = centroids(unit_vectors, labels, tfidf.classes)
    out = {}
    for centre, c in zip(centres, tfidf.classes, strict=True):
        rows = [row_of[t] for t in candidates[c]]
        picked = mmr(encoded[rows], encoded[rows] @ centre, keywords)
        out[c] = [candidates[c][i] for i in picked]
    return out


def _unrepeated(ranked: list[str], k: int) -> list[str]:
    """The first k terms that repeat no word of a term kept before them."""
    kept: list[str] = []
    for term in ranked:
        if not set(term.split()) & {w for t in kept for w in t.split()}:
            kept.append(term)
        if len(kept) == k:
            break
    return kept


def word_keywords(
    words: Sequence[str], labels: np.ndarray, unit_vectors: np.ndarray,
    vocabulary: tuple[Sequence[str], np.ndarray], *, keywords: int = KEYWORDS,
) -> dict[int, list[str]]:  # fmt: skip
    """Keywords of each cluster (label ≥ 0) of single words, from ``vocabulary`` = (its words in
    frequency order, most frequent first; their unit vectors in the items' space)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    vocab_words, vocab_unit = vocabulary
    classes = sorted(int(c) for c in np.unique(labels[labels >= 0]))
    centres = centroids(unit_vectors, labels, classes)
    near = np.asarray(vocab_unit @ centres.T, dtype=np.float64)  # vocabulary × clusters
    pool = min(WORD_POOL, len(vocab_words))
    out = {}
    for j, c in enumerate(classes):
        members = {words[i].strip().lower() for i in np.flatnonzero(labels == c)}
        nearest = np.argsort(-near[:, j], kind="stable")[: pool + len(members)]
        rows = np.array([r for r in nearest if _usable(vocab_words[r], members, ENGLISH_STOP_WORDS)],
                        dtype=np.int64)[:pool]  # fmt: skip
        if len(rows) == 0:
            out[c] = []
            continue
        cand = np.asarray(vocab_unit[rows], dtype=np.float64)
        spread = np.quantile(unit_vectors[labels == c] @ cand.T, 0.25, axis=0)
        score = spread - FREQUENCY_WEIGHT * np.log10(1 + rows)
        ranked = [str(vocab_words[rows[i]]) for i in np.argsort(-score, kind="stable")]
        out[c] = _distinct(ranked, keywords)
    return out


def _distinct(ranked: list[str], k: int) -> list[str]:
    """The first k words, skipping inflections of a word already kept ("animals" after
    "animal"): one letter or two added at the end."""
    kept: list[str] = []
    for word in ranked:
        w = word.lower()
        if not any(_inflects(w, other.lower()) for other in kept):
            kept.append(word)
        if len(kept) == k:
            break
    return kept


def _inflects(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(long) - len(short) <= 2


def _usable(word: str, members: set[str], stop: frozenset) -> bool:
    w = str(word).lower()
    return w.isalpha() and w not in stop and w not in members


def name_of(keywords: list[str]) -> str:
    """The short name: the first NAME_WORDS keywords joined by SEPARATOR."""
    return SEPARATOR.join(keywords[:NAME_WORDS])


def name_quality(
    unit_vectors: np.ndarray, labels: np.ndarray, name_vectors: dict[int, np.ndarray]
) -> dict[int, float]:
    """Per cluster, the share of its items whose cosine to their own cluster's name vector is
    higher than to every other cluster's (a cluster alone at its level scores 1.0)."""
    classes = sorted(name_vectors)
    names = normalize_rows(np.asarray([name_vectors[c] for c in classes], dtype=np.float64))
    rows = np.flatnonzero(np.isin(labels, classes))
    own = np.searchsorted(np.asarray(classes), labels[rows])
    sims = np.asarray(unit_vectors[rows] @ names.T.astype(unit_vectors.dtype), dtype=np.float64)
    mine = sims[np.arange(len(rows)), own].copy()
    sims[np.arange(len(rows)), own] = -np.inf
    won = mine > sims.max(axis=1) if len(classes) > 1 else np.ones(len(rows), dtype=bool)
    wins = np.bincount(own, weights=won, minlength=len(classes))
    sizes = np.bincount(own, minlength=len(classes))
    return {c: float(wins[j] / sizes[j]) if sizes[j] else 0.0 for j, c in enumerate(classes)}
