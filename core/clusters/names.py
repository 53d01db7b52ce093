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
good second words for unrelated ones ("animal · king"). The names of one level are chosen
jointly: for each name word in turn, an assignment that maximises the level's total score gives
every cluster one of its ``NAME_CANDIDATES`` best words, no two clusters a word or an inflection
of one already given; the keywords after the name are the cluster's own best, shared or not.
Named one by one, four computing clusters of the 88-word set were all "program · …" and the
names told their clusters apart for 75% of the items (size-weighted ``name_quality`` at the
20-cluster level, bench row 38); jointly, 81% (the 5-cluster level 87% → 90%), with the same
72% of the 18 groups named by a word of the group's name or members (44% by the name alone).
Tried and not kept there: the first word unique in order of cluster size (75%); scoring by
closeness minus closeness to the nearest other centroid (share 56–61%); keywords that cover the
members the name covers least (share 83–89%, but by listing the members' plurals: "dancers",
"skaters"). GloVe 50-d keeps hypernyms far from centroids, so its names are mostly other members
of the family ("rabbit" for cats, dogs and lions).
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
NAME_CANDIDATES = 30  # per cluster and name word, the words the joint naming chooses among


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
    frequency order, most frequent first; their unit vectors in the items' space). The names
    (first ``NAME_WORDS`` keywords) of one call's clusters share no word (see the module)."""
    classes = sorted(int(c) for c in np.unique(labels[labels >= 0]))
    centres = centroids(unit_vectors, labels, classes)
    near = np.asarray(vocabulary[1] @ centres.T, dtype=np.float64)  # vocabulary × clusters
    ranked = {c: _ranked_words(words, labels, unit_vectors, vocabulary, c, near[:, j])
              for j, c in enumerate(classes)}  # fmt: skip
    names = _joint_names(ranked, NAME_WORDS)
    return {c: _distinct(names[c] + [w for w, _ in ranked[c]], keywords) for c in classes}


def _ranked_words(words, labels, unit_vectors, vocabulary, c, near) -> list[tuple[str, float]]:
    """Cluster c's ``WORD_POOL`` candidates, (word, score) best first (see the module)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    vocab_words, vocab_unit = vocabulary
    members = {words[i].strip().lower() for i in np.flatnonzero(labels == c)}
    pool = min(WORD_POOL, len(vocab_words))
    nearest = np.argsort(-near, kind="stable")[: pool + len(members)]
    rows = np.array([r for r in nearest if _usable(vocab_words[r], members, ENGLISH_STOP_WORDS)],
                    dtype=np.int64)[:pool]  # fmt: skip
    if len(rows) == 0:
        return []
    cand = np.asarray(vocab_unit[rows], dtype=np.float64)
    spread = np.quantile(unit_vectors[labels == c] @ cand.T, 0.25, axis=0)
    score = spread - FREQUENCY_WEIGHT * np.log10(1 + rows)
    return [(str(vocab_words[rows[i]]), float(score[i])) for i in np.argsort(-score, kind="stable")]


def _joint_names(ranked: dict[int, list[tuple[str, float]]], slots: int) -> dict[int, list[str]]:
    """The name words of every cluster, one slot at a time: in each slot an assignment (scipy's
    ``linear_sum_assignment``) of one word to each cluster that maximises the clusters' total
    score, among each cluster's ``NAME_CANDIDATES`` best words that are no inflection of a word
    already given to any cluster; words that inflect one another count as one."""
    from scipy.optimize import linear_sum_assignment

    classes = sorted(ranked)
    names: dict[int, list[str]] = {c: [] for c in classes}
    for slot in range(1, slots + 1):
        taken = _Inflections([w for c in classes for w in names[c]])
        options = {c: [(w, s) for w, s in ranked[c] if taken.find(w) is None][:NAME_CANDIDATES]
                   for c in classes}  # fmt: skip
        columns = _Inflections([w for c in classes for w, _ in options[c]])
        gain = np.full((len(classes), max(1, columns.size)), -np.inf)
        for i, c in enumerate(classes):
            for w, s in options[c]:  # best first: a column keeps its best word's score
                j = columns.find(w)
                gain[i, j] = max(gain[i, j], s)
        cost = np.where(np.isfinite(gain), -gain, 1e6 - gain[np.isfinite(gain)].min(initial=0))
        rows, cols = linear_sum_assignment(cost)
        for i in sorted(range(len(rows)), key=lambda k: cost[rows[k], cols[k]]):
            c, j = classes[rows[i]], cols[i]
            word = next((w for w, _ in options[c] if columns.find(w) == j), None)
            if word is not None and not _inflects_any(word, names):  # inflection isn't transitive
                names[c].append(word)
        _fill(names, ranked, slot)
    return names


def _fill(names: dict[int, list[str]], ranked, slot: int) -> None:
    """A cluster left without a word in this slot takes its best word that inflects no name word
    given so far, else its best one that inflects none of its own."""
    for c in sorted(names):
        if len(names[c]) < slot:
            free = [w for w, _ in ranked[c] if not _inflects_any(w, names)]
            names[c] = _distinct(names[c] + (free or [w for w, _ in ranked[c]]), slot)


def _inflects_any(word: str, names: dict[int, list[str]]) -> bool:
    w = word.lower()
    return any(_inflects(w, other.lower()) for given in names.values() for other in given)


class _Inflections:
    """Words grouped by :func:`_inflects` (each joins the first group whose first word it
    inflects), found by dictionary look-ups: ``find(word)`` is its group's index or None."""

    def __init__(self, words: Sequence[str]):
        self.whole: dict[str, int] = {}  # a group's first word → group
        self.cut: dict[str, int] = {}  # that word less 0, 1 or 2 letters at the end → group
        self.size = 0
        for word in words:
            if self.find(word) is None:
                w = word.lower()
                self.whole.setdefault(w, self.size)
                for k in range(3):
                    if len(w) - k > 0:
                        self.cut.setdefault(w[: len(w) - k], self.size)
                self.size += 1

    def find(self, word: str) -> int | None:
        w = word.lower()
        for key, table in ((w, self.cut), (w[:-1], self.whole), (w[:-2], self.whole)):
            if key and key in table:
                return table[key]
        return None


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
