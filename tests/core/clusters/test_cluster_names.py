"""Cluster names: c-TF-IDF against a hand computation, MMR, word names from a vocabulary (real
GloVe), names of one level chosen jointly (against brute force), and the quality figure on a case
worked by hand."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from core.clusters.names import (
    NAME_WORDS,
    SEPARATOR,
    _Inflections,
    _inflects,
    _joint_names,
    mmr,
    name_of,
    name_quality,
    text_keywords,
    word_keywords,
)
from core.clusters.tfidf import class_tfidf

TEXTS = ["refund charged twice", "refund charged", "charged twice card",
         "parcel late", "parcel lost", "late parcel lost", "refund parcel"]  # fmt: skip
LABELS = np.array([0, 0, 0, 1, 1, 1, -1])  # the last text is noise: left out


def _by_hand(texts, labels):
    """c-TF-IDF written out: uni- and bigrams of space-split words (none is a stop word)."""
    classes = sorted(set(labels) - {-1})
    grams = [
        [*w, *(f"{a} {b}" for a, b in zip(w, w[1:], strict=False))]
        for w in (t.split() for t in texts)
    ]
    terms = sorted({g for gs, lab in zip(grams, labels, strict=True) if lab >= 0 for g in gs})
    counts = np.zeros((len(classes), len(terms)))
    for gs, lab in zip(grams, labels, strict=True):
        if lab >= 0:
            for g in gs:
                counts[classes.index(lab), terms.index(g)] += 1
    tf = counts / counts.sum(axis=1, keepdims=True)
    average = counts.sum(axis=1).mean()
    idf = np.log(1 + average / counts.sum(axis=0))
    return terms, tf * idf


def test_class_tfidf_equals_the_hand_computation():
    terms, want = _by_hand(TEXTS, LABELS)
    got = class_tfidf(TEXTS, LABELS)
    assert got.classes == [0, 1]
    assert sorted(got.terms) == terms
    order = [got.terms.index(t) for t in terms]
    np.testing.assert_allclose(got.scores.toarray()[:, order], want, rtol=1e-12)


def test_top_terms_are_the_best_scores_of_the_class_only():
    got = class_tfidf(TEXTS, LABELS)
    terms, want = _by_hand(TEXTS, LABELS)
    best = [terms[i] for i in np.argsort(-want[1], kind="stable") if want[1, i] > 0][:3]
    assert got.top(1, 3) == best
    assert set(got.top(0, 50)) <= {t for t in terms if want[0, terms.index(t)] > 0}


def test_stop_words_only_give_an_empty_vocabulary():
    got = class_tfidf(["the and", "of the", "it is"], np.array([0, 0, 1]))
    assert got.terms == [] and got.top(0) == []


def test_mmr_trades_relevance_for_novelty():
    vectors = np.array([[1.0, 0.0], [0.995, 0.0998749], [0.0, 1.0]])
    relevance = np.array([1.0, 0.95, 0.5])
    assert mmr(vectors, relevance, 2, diversity=0.3) == [0, 1]  # 0.7*.95-.3*.995 > 0.7*.5
    assert mmr(vectors, relevance, 2, diversity=0.5) == [0, 2]
    assert mmr(vectors, relevance, 9) == [0, 1, 2]


def test_quality_worked_by_hand():
    unit = np.array([[1.0, 0.0], [0.8, 0.6], [0.6, 0.8],  # cluster 0
                     [0.0, 1.0], [0.6, 0.8]])  # cluster 1  # fmt: skip
    labels = np.array([0, 0, 0, 1, 1])
    names = {0: np.array([1.0, 0.0]), 1: np.array([0.0, 2.0])}  # not unit: normalised inside
    # cluster 0: (1,0) and (.8,.6) are nearer name 0; (.6,.8) is nearer name 1 → 2/3.
    assert name_quality(unit, labels, names) == {0: pytest.approx(2 / 3), 1: 1.0}
    assert name_quality(unit[:3], labels[:3], {0: names[0]}) == {0: 1.0}  # alone at its level


def test_a_glove_cluster_of_animals_is_named_by_an_animal_word_not_a_member(glove):
    members = ["cat", "dog", "horse", "cow", "pig", "sheep"]
    unit = glove.unit_vectors[[glove.index[w] for w in members]]
    vocabulary = (glove.vocabulary[:50_000], glove.unit_vectors[:50_000])
    keywords = word_keywords(members, np.zeros(6, dtype=np.int64), unit, vocabulary)[0]
    assert keywords[0] in {"animal", "animals", "pet", "pets", "livestock", "creatures", "mammals"}
    assert not set(keywords) & set(members)
    assert len(keywords) == 5 and all(w.isalpha() for w in keywords)


def test_word_keywords_skip_inflections_of_kept_words(glove):
    members = ["cat", "dog", "horse", "cow", "pig", "sheep"]
    unit = glove.unit_vectors[[glove.index[w] for w in members]]
    keywords = word_keywords(members, np.zeros(6, dtype=np.int64), unit,
                             (glove.vocabulary[:50_000], glove.unit_vectors[:50_000]))[0]  # fmt: skip
    for i, a in enumerate(keywords):
        for b in keywords[i + 1 :]:
            short, long = sorted((a, b), key=len)
            assert not (long.startswith(short) and len(long) - len(short) <= 2), (a, b)


def test_text_keywords_come_from_the_clusters_own_terms(minilm):
    texts = ["My card was charged twice for one order", "Refund the double charge on my card",
             "I was billed twice, please refund", "The parcel arrived late and damaged",
             "Delivery was late, the box was crushed", "My parcel is lost in delivery"]  # fmt: skip
    labels = np.array([0, 0, 0, 1, 1, 1])
    unit = minilm.encode(texts).astype(np.float64)
    keywords = text_keywords(texts, labels, unit, minilm)
    tfidf = class_tfidf(texts, labels)
    for row, c in enumerate(tfidf.classes):
        assert keywords[c] and set(keywords[c]) <= set(tfidf.top(row))
    assert name_of(keywords[0]) == SEPARATOR.join(keywords[0][:2])
    words = [set(name_of(keywords[c]).replace(SEPARATOR, " ").split()) for c in (0, 1)]
    assert {"refund", "charged", "charge", "billed", "card", "twice"} & words[0]
    assert {"parcel", "delivery", "late", "lost", "arrived"} & words[1]


def test_inflection_groups_agree_with_the_pairwise_rule():
    words = ["animal", "animals", "animate", "run", "runs", "running", "runner", "program",
             "programs", "programme", "pro", "prog", "Sea", "seas", "season", "a", "ab"]  # fmt: skip
    firsts = []  # by the pairwise rule: a word that inflects no group's first word begins one
    for w in words:
        if not any(_inflects(w.lower(), f.lower()) for f in firsts):
            firsts.append(w)
    groups = _Inflections(words)
    assert groups.size == len(firsts) and groups.find("zebra") is None
    for w in words:  # each word's group begins with a word it inflects
        assert _inflects(w.lower(), firsts[groups.find(w)].lower()), w


def _best_total(ranked):
    """Brute force: the highest total score of one word per cluster, no two inflecting."""
    best = -np.inf
    for pick in itertools.product(*(ranked[c] for c in sorted(ranked))):
        if not any(_inflects(a, b) for (a, _), (b, _) in itertools.combinations(pick, 2)):
            best = max(best, sum(s for _, s in pick))
    return best


def test_joint_names_maximise_the_total_score_and_share_no_word():
    rng = np.random.default_rng(3)
    pool = ["animal", "animals", "pet", "pets", "creature", "beast", "mammal", "wildlife", "fauna",
            "critter", "zoo", "species"]  # fmt: skip
    for _ in range(30):
        ranked = {}
        for c in range(4):
            words = list(rng.choice(pool, size=5, replace=False))
            scores = np.sort(rng.uniform(0, 1, size=5))[::-1]
            ranked[c] = list(zip(words, scores.tolist(), strict=True))
        names = _joint_names(ranked, 2)
        score_of = {c: dict(ranked[c]) for c in ranked}
        assert all(len(names[c]) == 2 and set(names[c]) <= set(score_of[c]) for c in ranked)
        firsts = [names[c][0] for c in sorted(ranked)]
        if _best_total(ranked) > -np.inf:  # a first word for each, none inflecting another
            assert sum(score_of[c][names[c][0]] for c in ranked) == pytest.approx(
                _best_total(ranked)
            )
            assert not any(_inflects(a, b) for a, b in itertools.combinations(firsts, 2))


def test_names_of_one_level_share_no_word_where_separate_names_would(glove):
    groups = [["python", "java", "perl", "ruby", "javascript"],
              ["compiler", "debugger", "linker", "compile", "debug"],
              ["database", "server", "api", "interface", "library"]]  # fmt: skip
    words = [w for g in groups for w in g]
    labels = np.repeat(np.arange(3), 5)
    unit = glove.unit_vectors[[glove.index[w] for w in words]]
    vocabulary = (glove.vocabulary[:50_000], glove.unit_vectors[:50_000])
    alone = [word_keywords(g, np.zeros(5, dtype=np.int64), unit[labels == j], vocabulary,
                           keywords=300)[0] for j, g in enumerate(groups)]  # fmt: skip
    assert alone[0][0] == alone[1][0]  # named one by one, two clusters take the same first word
    together = word_keywords(words, labels, unit, vocabulary)
    name_words = [w for c in range(3) for w in together[c][:NAME_WORDS]]
    assert len(name_words) == 3 * NAME_WORDS
    for a, b in itertools.combinations(name_words, 2):
        assert not _inflects(a, b), (a, b)
    for c in range(3):  # each name is made of the cluster's own candidates, none a member
        assert set(together[c][:NAME_WORDS]) <= set(alone[c])
        assert not set(together[c]) & set(words) and len(together[c]) == 5
