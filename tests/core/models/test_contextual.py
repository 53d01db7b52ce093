"""core.models.contextual: one word's contextual vectors against its single static vector."""

from __future__ import annotations

import numpy as np
import pytest

from core.errors import InputError, OutOfVocabularyError
from core.io.datasets import load_dataset
from core.models.contextual import context_comparison, word_vector_in


def test_a_word_gets_a_vector_per_sentence(minilm):
    river = word_vector_in(minilm, "I sat by the river bank", "bank")
    money = word_vector_in(minilm, "The BANK approved my loan", "Bank")
    assert river.shape == money.shape == (384,)
    assert river.dtype == np.float32
    assert not np.allclose(river, money)


def test_a_word_split_into_several_tokens_is_averaged(minilm):
    tokens, offsets, vectors = minilm.token_vectors("Snorkelling is fun")
    assert len(tokens) == len(offsets) == len(vectors)
    inside = [i for i, (a, b) in enumerate(offsets) if b > a and b <= len("Snorkelling")]
    assert len(inside) > 1
    np.testing.assert_allclose(
        word_vector_in(minilm, "Snorkelling is fun", "snorkelling"),
        vectors[inside].mean(axis=0),
        atol=1e-6,
    )


def test_the_bank_sentences_separate_by_sense_and_glove_adds_one_static_row(minilm, glove):
    data = load_dataset("bank-sentences")
    frame = context_comparison(minilm, glove, "bank", data.texts, ("river", "money"), data.labels)
    assert list(frame.columns) == ["source", "text", "label", "x", "y"]
    assert frame["source"].tolist() == ["in context"] * 8 + ["static"]
    assert frame["text"].iloc[-1] == "bank (GloVe, any sentence)"
    assert frame[["x", "y"]].abs().le(1).all().all()
    lean = (frame["x"] - frame["y"])[:8]  # towards "river" rather than "money"
    river = lean[frame["label"][:8] == "river"]
    money = lean[frame["label"][:8] == "money"]
    assert river.min() > money.max()


@pytest.mark.parametrize(
    ("word", "sentences", "anchors", "match"),
    [
        (
            "bank",
            ["I sat by the river"],
            ("river", "money"),
            r"1 sentence\(s\) do not contain 'bank'",
        ),
        ("bank", ["  ", ""], ("river", "money"), r"Enter at least one sentence"),
        ("two words", ["two words here"], ("river", "money"), r"Enter one word .*got 'two words'"),
        ("", ["a sentence"], ("river", "money"), r"Enter one word .*got ''"),
        ("bank", ["the bank"], ("river", " River "), r"Choose two different anchor words"),
        ("bank", ["the bankers"], ("river", "money"), r"do not contain 'bank'"),  # whole words only
    ],
)
def test_bad_requests_raise_input_errors(minilm, glove, word, sentences, anchors, match):
    with pytest.raises(InputError, match=match):
        context_comparison(minilm, glove, word, sentences, anchors)


def test_a_word_glove_lacks_is_named(minilm, glove):
    with pytest.raises(
        OutOfVocabularyError, match=r"^1 word is not in the glove-6B-50d vocabulary: 'zzqxv'"
    ):
        context_comparison(minilm, glove, "zzqxv", ["a zzqxv here"], ("river", "money"))


def test_word_vector_in_a_sentence_without_the_word(minilm):
    with pytest.raises(
        InputError, match=r"The word 'cat' does not appear in the sentence 'concatenate'"
    ):
        word_vector_in(minilm, "concatenate", "cat")
