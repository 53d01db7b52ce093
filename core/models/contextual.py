"""Contextual versus static vectors: where one word lands in different sentences.

A sentence model gives every token a vector that depends on its sentence; GloVe gives a word one
vector, whatever the sentence. The two spaces differ (384 vs 50 dimensions), so they are compared on
shared axes: the cosine similarity to two anchor words, each measured in the model's own space.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.errors import InputError
from core.models.registry import SentenceEmbedder, WordEmbedder


def word_vector_in(model: SentenceEmbedder, sentence: str, word: str) -> np.ndarray:
    """The contextual vector of ``word`` in ``sentence``: the mean of its tokens' vectors (first
    occurrence, case-insensitive, whole word). Raises InputError if the word is not there."""
    match = re.search(rf"(?<!\w){re.escape(word.strip())}(?!\w)", sentence, flags=re.IGNORECASE)
    if not word.strip() or match is None:
        raise InputError(f"The word {word!r} does not appear in the sentence {sentence!r}.")
    tokens, offsets, vectors = model.token_vectors(sentence)
    start, end = match.span()
    rows = [i for i, (a, b) in enumerate(offsets) if b > a and a >= start and b <= end]
    if not rows:
        raise InputError(
            f"The word {word!r} in {sentence!r} lies beyond the model's {model.max_tokens}-token limit."
        )
    return vectors[rows].mean(axis=0)


def word_vectors_in(model: SentenceEmbedder, sentences: Sequence[str], word: str) -> np.ndarray:
    """Contextual vectors of ``word`` in each sentence, shape (len(sentences), dim)."""
    return np.stack([word_vector_in(model, s, word) for s in sentences])


def context_comparison(
    sentence_model: SentenceEmbedder,
    word_model: WordEmbedder,
    word: str,
    sentences: Sequence[str],
    anchors: tuple[str, str],
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per sentence (contextual vector of ``word``) plus one row for the static word
    vector, with ``x``/``y`` = cosine similarity to the two anchor words in each model's own space.

    Columns: source ("in context" or "static"), text, label, x, y.
    Raises InputError (word missing from a sentence, no sentences) or OutOfVocabularyError.
    """
    word = word.strip().lower()
    sentences = [s.strip() for s in sentences if s and s.strip()]
    if not word or " " in word:
        raise InputError(f"Enter one word to follow through the sentences; got {word!r}.")
    if not sentences:
        raise InputError("Enter at least one sentence that uses the word, one per line.")
    missing = [
        s for s in sentences if not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", s, re.IGNORECASE)
    ]
    if missing:
        raise InputError(
            f"{len(missing)} sentence(s) do not contain {word!r}: "
            + "; ".join(repr(s[:60]) for s in missing[:3])
        )
    a1, a2 = (a.strip().lower() for a in anchors)
    vectors = word_vectors_in(sentence_model, sentences, word)
    if not a1 or not a2 or a1 == a2:
        raise InputError(f"Choose two different anchor words; got {anchors!r}.")
    static = word_model.encode([word, a1, a2])  # raises OutOfVocabularyError naming the words
    anchor_ctx = np.stack([word_vector_in(sentence_model, a, a) for a in (a1, a2)])
    rows = []
    labels = list(labels) if labels is not None else [""] * len(sentences)
    for s, lab, v in zip(sentences, labels, vectors, strict=False):
        rows.append(("in context", s, lab, _cos(v, anchor_ctx[0]), _cos(v, anchor_ctx[1])))
    rows.append(
        (
            "static",
            f"{word} (GloVe, any sentence)",
            "static",
            _cos(static[0], static[1]),
            _cos(static[0], static[2]),
        )
    )
    return pd.DataFrame(rows, columns=["source", "text", "label", "x", "y"])


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    return float(a @ b / (na * nb)) if na and nb else 0.0
