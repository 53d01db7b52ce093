"""Word analogies, "a is to b as c is to ?", answered the way gensim answers them, and honestly:
the result also says where each input word itself ranks, which the usual demo hides by removing the
input words from the candidates.

3CosAdd (gensim ``most_similar``): score(w) = cos(w, unit(mean(+unit(p) for p, -unit(n) for n))).
3CosMul (gensim ``most_similar_cosmul``): score(w) = Π_p (1+cos(w,p))/2 / (Π_n (1+cos(w,n))/2 + 1e-6).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from core.errors import InputError, OutOfVocabularyError
from core.models import GLOVE, Embedder, Progress, WordEmbedder, load_model
from core.vectors import normalize_rows

METHODS = ("3cosadd", "3cosmul")
SENTENCE_CANDIDATES = 20_000


@dataclass(frozen=True)
class AnalogyResult:
    """The answer to one analogy query.

    Attributes
    ----------
    results : ranked (word, score) pairs, best first (inputs removed if ``exclude_inputs``).
    input_ranks : for each input word, (rank, score) among *all* candidates, rank 1 = best.
    n_candidates : how many words were ranked.
    """

    positive: tuple[str, ...]
    negative: tuple[str, ...]
    method: str
    exclude_inputs: bool
    results: list[tuple[str, float]]
    input_ranks: dict[str, tuple[int, float]] = field(default_factory=dict)
    n_candidates: int = 0


def analogy(
    model: Embedder,
    positive: Sequence[str],
    negative: Sequence[str] = (),
    *,
    topn: int = 10,
    exclude_inputs: bool = True,
    method: str = "3cosadd",
    candidates: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> AnalogyResult:
    """Rank candidate words for ``sum(positive) - sum(negative)``; king − man + woman is
    ``positive=["king", "woman"], negative=["man"]``.

    Parameters
    ----------
    model : a word model (candidates default to its whole vocabulary) or a sentence model
        (candidates default to the 20,000 most frequent GloVe words plus the inputs, encoded once
        and cached on disk; ``progress`` reports that encoding).
    candidates : words to rank instead of the default set.

    Raises
    ------
    InputError
        No positive word, an empty word, inputs that cancel out, bad topn or method.
    OutOfVocabularyError
        A word model lacks some input words (all of them are named).
    """
    positive, negative = _clean(positive, "positive"), _clean(negative, "negative")
    _check(positive, negative, topn, method)
    words, matrix = _candidate_matrix(model, positive + negative, candidates, progress)
    lookup = {w: i for i, w in enumerate(words)}
    pos = [matrix[lookup[w]] for w in positive]
    neg = [matrix[lookup[w]] for w in negative]
    scores = _cosadd(matrix, pos, neg) if method == "3cosadd" else _cosmul(matrix, pos, neg)
    inputs = list(dict.fromkeys(positive + negative))
    input_rows = {lookup[w] for w in inputs}
    ranks = {}
    for w in inputs:
        s = scores[lookup[w]]
        ranks[w] = (int((scores > s).sum()) + 1, float(s))
    order = np.argsort(-scores, kind="stable")
    results = []
    for i in order:
        if exclude_inputs and int(i) in input_rows:
            continue
        results.append((words[int(i)], float(scores[i])))
        if len(results) == topn:
            break
    return AnalogyResult(
        tuple(positive), tuple(negative), method, exclude_inputs, results, ranks, len(words)
    )


def _clean(words: Sequence[str], role: str) -> list[str]:
    if isinstance(words, str):
        words = [words]
    out = []
    for w in words:
        if not isinstance(w, str) or not w.strip():
            raise InputError(f"Every {role} word must be non-empty text; got {w!r}.")
        out.append(w.strip().lower())
    return out


def _check(positive: list[str], negative: list[str], topn: int, method: str) -> None:
    if not positive:
        raise InputError("An analogy needs at least one positive word (for example 'king').")
    if method not in METHODS:
        raise InputError(f"Unknown analogy method: {method!r}. Must be one of: {list(METHODS)}.")
    if isinstance(topn, bool) or not isinstance(topn, (int, np.integer)) or not 1 <= topn <= 1000:
        raise InputError(f"topn must be a whole number from 1 to 1000; got {topn!r}.")
    if negative and len(set(positive + negative)) == 1:
        raise InputError(
            f"All the words are {positive[0]!r}: the arithmetic cancels out and leaves "
            f"{positive[0]!r} itself. Use different words, e.g. king − man + woman."
        )
    # Checked here, not from the summed vectors: in float32 they leave a tiny non-zero remainder,
    # which would rank the vocabulary by rounding noise.
    if Counter(positive) == Counter(negative):
        raise InputError(
            "The words cancel out exactly (the same words are added and subtracted): use other words."
        )


def _candidate_matrix(model, inputs, candidates, progress) -> tuple[list[str], np.ndarray]:
    """Candidate words (inputs always included) and their unit vectors."""
    if isinstance(model, WordEmbedder):
        rows, missing = model.lookup(inputs)
        if missing:
            raise OutOfVocabularyError(missing, model.name)
        if candidates is None:
            return model.vocabulary, model.unit_vectors
        words = _merge(candidates, inputs)
        rows, missing = model.lookup(words)
        if missing:
            raise OutOfVocabularyError(missing, model.name)
        return words, model.unit_vectors[np.asarray(rows)]
    if candidates is None:
        candidates = load_model(GLOVE).vocabulary[:SENTENCE_CANDIDATES]
    words = _merge(candidates, inputs)
    return words, normalize_rows(model.encode(words, progress=progress))


def _merge(candidates: Sequence[str], inputs: list[str]) -> list[str]:
    words = [c.strip().lower() for c in candidates if isinstance(c, str) and c.strip()]
    return list(dict.fromkeys(words + inputs))


def _cosadd(unit: np.ndarray, pos: list[np.ndarray], neg: list[np.ndarray]) -> np.ndarray:
    mean = np.array([*pos, *(-n for n in neg)], dtype=np.float32).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    if norm == 0:
        raise InputError(
            "The words cancel out exactly (the result vector is zero): use other words."
        )
    return unit @ (mean / norm).astype(np.float32)


def _cosmul(unit: np.ndarray, pos: list[np.ndarray], neg: list[np.ndarray]) -> np.ndarray:
    p = np.prod([(1 + unit @ t) / 2 for t in pos], axis=0)
    n = (
        np.prod([(1 + unit @ t) / 2 for t in neg], axis=0)
        if neg
        else np.ones(len(unit), np.float32)
    )
    return p / (n + 0.000001)
