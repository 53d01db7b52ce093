"""describe: every cluster of every level with its name, keywords, size, share, quality, typical
members, centre and parent, with the real bundled models."""

from __future__ import annotations

import numpy as np
import pytest

from core.clusters import Cluster, describe
from core.clusters.names import SEPARATOR
from core.clusters.tfidf import class_tfidf
from core.errors import InputError
from core.io.datasets import load_dataset


@pytest.fixture(scope="module")
def bank(minilm):
    data = load_dataset("bank-sentences")
    vectors = minilm.encode(data.texts)
    coords = np.arange(16, dtype=np.float32).reshape(8, 2)
    fine = np.array([0 if g == "river" else 1 for g in data.labels])
    fine[-1] = -1  # one noise item
    return data.texts, vectors, coords, [np.zeros(8, dtype=np.int64), fine]


def test_describe_sentences(minilm, bank):
    texts, vectors, coords, levels = bank
    coarse, fine = describe(texts, vectors, coords, levels, embedder=minilm)
    assert [c.label for c in coarse] == [0] and [c.label for c in fine] == [0, 1]
    assert coarse[0].quality == 1.0 and coarse[0].parent == -1
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    tfidf = class_tfidf(texts, levels[1])
    for row, cluster in enumerate(fine):
        members = np.flatnonzero(levels[1] == cluster.label)
        assert isinstance(cluster, Cluster) and cluster.level == 1 and cluster.parent == 0
        assert cluster.size == len(members) and cluster.share == pytest.approx(len(members) / 8)
        assert cluster.name == SEPARATOR.join(cluster.keywords[:2])
        assert set(cluster.keywords) <= set(tfidf.top(row))
        centre = unit[members].mean(axis=0)
        assert cluster.typical == [
            int(i) for i in members[np.argsort(-(unit[members] @ centre))[:3]]
        ]
        np.testing.assert_allclose(cluster.centre, coords[members].mean(axis=0), rtol=1e-6)
    assert 7 not in fine[1].typical  # noise is in no cluster
    names = minilm.encode([c.name for c in fine])
    names /= np.linalg.norm(names, axis=1, keepdims=True)
    for j, cluster in enumerate(fine):
        sims = unit[levels[1] == cluster.label] @ names.T
        assert cluster.quality == pytest.approx(np.mean(sims[:, j] > sims[:, 1 - j]))


def test_describe_words_with_a_glove_vocabulary(glove):
    words = ["cat", "dog", "horse", "cow", "pig", "python", "java", "code", "software", "compile"]
    vectors = glove.encode(words)
    labels = np.repeat([0, 1], 5)
    vocabulary = (glove.vocabulary[:50_000], glove.unit_vectors[:50_000])
    (level,) = describe(words, vectors, np.zeros((10, 2)), [labels], vocabulary=vocabulary,
                        kind="word")  # fmt: skip
    for cluster in level:
        assert not set(cluster.keywords) & set(words)
        assert cluster.name == SEPARATOR.join(cluster.keywords[:2])
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    names = np.array([glove.unit_vectors[[glove.index[w] for w in c.keywords[:2]]].mean(axis=0)
                      for c in level])  # fmt: skip
    names /= np.linalg.norm(names, axis=1, keepdims=True)
    for j, cluster in enumerate(level):
        sims = unit[labels == cluster.label] @ names.T
        assert cluster.quality == pytest.approx(np.mean(sims[:, j] > sims[:, 1 - j]))


def test_texts_with_no_word_but_stop_words_are_named_by_their_typical_item(minilm):
    texts = ["the and", "of the", "it is", "cats purr", "cats sleep", "cats play"]
    vectors = minilm.encode(texts)
    labels = np.array([0, 0, 0, 1, 1, 1])
    (level,) = describe(texts, vectors, np.zeros((6, 2)), [labels], embedder=minilm)
    assert level[0].keywords == [] and level[0].name == texts[level[0].typical[0]]
    assert "cats" in level[1].name


def test_a_level_of_noise_only_has_no_clusters(minilm):
    texts = ["a cat", "a dog"]
    (level,) = describe(texts, minilm.encode(texts), np.zeros((2, 2)), [np.array([-1, -1])],
                        embedder=minilm)  # fmt: skip
    assert level == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "phrase"}, r"Unknown kind: 'phrase'. Must be one of"),
        ({"kind": "word"}, r"needs a vocabulary: \(words in frequency order"),
        (
            {"embedder": object(), "levels": [np.zeros(3)]},
            r"got 2 texts, 2 vectors, 2 coordinates and levels of \[3\]",
        ),
    ],
)
def test_bad_inputs(kwargs, message):
    args = {"levels": [np.zeros(2)], **kwargs}
    with pytest.raises(InputError, match=message):
        describe(["a", "b"], np.eye(2), np.zeros((2, 2)), **args)


def test_without_a_model_names_are_the_class_tfidf_order_and_quality_is_unknown(bank):
    texts, vectors, coords, levels = bank
    coarse, fine = describe(texts, vectors, coords, levels)  # vectors that came without a model
    tfidf = class_tfidf(texts, levels[1])
    for row, c in enumerate(fine):
        ranked = tfidf.top(row, 15)
        assert c.keywords[0] == ranked[0]  # the best c-TF-IDF term leads, no re-ranking
        assert all(k in ranked for k in c.keywords)
        words = [set(k.split()) for k in c.keywords]
        assert all(not (a & b) for i, a in enumerate(words) for b in words[i + 1 :])
        assert np.isnan(c.quality)
