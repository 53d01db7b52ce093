"""core.directions.debias: a model with a direction removed. A hand case, then GloVe checked against gensim
over a matrix cleaned independently here, then the sentence model."""

from __future__ import annotations

import numpy as np
import pytest
from gensim.models import KeyedVectors

from core import directions
from core.analogy.answer import analogy
from core.directions.debias import DebiasedEncoder, debiased, leaning
from core.errors import InputError
from core.models.registry import WordEmbedder

PAIRS = [("he", "she"), ("man", "woman"), ("king", "queen"), ("boy", "girl"), ("his", "her"),
         ("father", "mother"), ("son", "daughter"), ("brother", "sister")]  # fmt: skip


def test_a_word_model_loses_exactly_the_component_along_the_direction():
    toy = WordEmbedder("toy", ["a", "b", "c"], np.array([[3, 4, 0], [1, 0, 2], [0, 0, 5]], "f4"))
    d = directions.from_two([0, 1, 0], [0, 0, 0])  # the y axis
    cleaned = debiased(toy, d, "y")
    np.testing.assert_array_equal(cleaned.vectors, [[3, 0, 0], [1, 0, 2], [0, 0, 5]])
    assert cleaned.vocabulary == toy.vocabulary and cleaned.encode(["B"]).tolist() == [[1, 0, 2]]
    assert cleaned.name != toy.name and "without y" in cleaned.name
    np.testing.assert_array_equal(toy.vectors[0], [3, 4, 0])  # the original is untouched
    assert leaning(toy.vectors, d) == pytest.approx((0.8 + 0 + 0) / 3)
    assert leaning(cleaned.vectors, d) == 0
    with pytest.raises(InputError, match="3 dimensions and toy has 2"):
        debiased(WordEmbedder("toy", ["a"], np.ones((1, 2), "f4")), d, "y")


@pytest.fixture(scope="module")
def gender(glove) -> directions.Direction:
    first, second = zip(*PAIRS, strict=True)
    return directions.from_pairs(glove.encode(first), glove.encode(second))


@pytest.fixture(scope="module")
def cleaned_kv(glove, gender) -> KeyedVectors:
    """gensim over the GloVe matrix cleaned here, row by row in float64 (not core's code)."""
    v = np.asarray(glove.vectors, dtype=np.float64)
    d = gender.vector
    kv = KeyedVectors(50)
    kv.add_vectors(glove.vocabulary, (v - (v @ d)[:, None] * d[None, :]).astype(np.float32))
    return kv


def test_debiased_glove_answers_equal_gensim_on_the_cleaned_matrix(glove, gender, cleaned_kv):
    cleaned = debiased(glove, gender, "gender")
    assert np.abs(cleaned.vectors @ gender.vector).max() < 1e-5  # orthogonal to d̂
    for positive, negative in ((["doctor", "woman"], ["man"]), (["king", "woman"], ["man"])):
        ours = analogy(cleaned, positive, negative, topn=10).results
        theirs = cleaned_kv.most_similar(positive=positive, negative=negative, topn=10)
        assert [w for w, _ in ours] == [w for w, _ in theirs]
        np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-5)
    # what the Analogy page shows: the gendered answer before, a neutral one after
    assert analogy(glove, ["doctor", "woman"], ["man"]).results[0][0] == "nurse"
    assert analogy(cleaned, ["doctor", "woman"], ["man"]).results[0][0] == "physician"


def test_a_sentence_model_is_wrapped_and_its_encodings_cleaned(minilm):
    first, second = zip(*PAIRS[:4], strict=True)
    d = directions.from_pairs(minilm.encode(first), minilm.encode(second))
    cleaned = debiased(minilm, d, "gender")
    assert isinstance(cleaned, DebiasedEncoder) and cleaned.kind == "sentence"
    assert cleaned.name != minilm.name and cleaned.dim == 384
    texts = ["The nurse helped me.", "An engineer fixed it."]
    raw = minilm.encode(texts).astype(np.float64)
    expected = raw - np.outer(raw @ d.vector, d.vector)
    np.testing.assert_allclose(cleaned.encode(texts), expected, atol=1e-6)
    assert leaning(raw, d) > 0.01 and leaning(cleaned.encode(texts), d) < 1e-6
