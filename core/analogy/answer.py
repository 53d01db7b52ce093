"""Word analogies, "a is to b as c is to ?", answered the way gensim answers them, and honestly:
the result also says where each input word itself ranks, which the usual demo hides by removing the
input words from the candidates.

3CosAdd (gensim ``most_similar``): score(w) = cos(w, unit(mean(+unit(p) for p, -unit(n) for n))).
3CosMul (gensim ``most_similar_cosmul``): score(w) = Π_p (1+cos(w,p))/2 / (Π_n (1+cos(w,n))/2 + 1e-6),
each cosine shifted to [0, 1] as (1 + cos) / 2.

A query is one pass over the candidates' unit vectors (kept once per model and candidate set, see
:mod:`core.analogy.candidates`), a short list for the top n instead of a sort, and counting for the
input words' ranks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from core.analogy.candidates import Pool, pool
from core.errors import InputError
from core.models.registry import Embedder
from core.progress import Progress

METHODS = ("3cosadd", "3cosmul")


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
        (candidates default to the 20,000 most frequent GloVe words plus the inputs, encoded once,
        cached on disk and kept in memory; ``progress`` reports that encoding).
    candidates : words to rank instead of the default set (input words are always ranked too).

    Raises
    ------
    InputError
        No positive word, an empty word, inputs that cancel out, bad topn or method.
    OutOfVocabularyError
        A word model lacks some input words (all of them are named).
    """
    positive, negative = _clean(positive, "positive"), _clean(negative, "negative")
    _check(positive, negative, topn, method)
    inputs = list(dict.fromkeys(positive + negative))
    words = pool(model, inputs, candidates, progress)
    score = _cosadd if method == "3cosadd" else _cosmul
    scores = score(words, words.unit_of(positive), words.unit_of(negative))
    rows = [words.row(w) for w in inputs]
    # An input's rank is how many candidates score above it: counting, no sort.
    ranks = {w: (int(np.count_nonzero(scores > scores[r])) + 1, float(scores[r]))
             for w, r in zip(inputs, rows, strict=True)}  # fmt: skip
    top = _top(scores, topn, set(rows) if exclude_inputs else set())
    return AnalogyResult(
        tuple(positive),
        tuple(negative),
        method,
        exclude_inputs,
        [(words.word(i), float(scores[i])) for i in top],
        ranks,
        len(words),
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


def _top(scores: np.ndarray, n: int, skip: set[int]) -> list[int]:
    """Rows of the n best scores, best first, leaving out ``skip``; ties in row order, exactly as
    a stable full sort would give them.

    The k-th best of every 32nd score is at most the k-th best of all, so the scores from it up
    hold the top k and every tie at its edge: a few hundred rows, found in one comparison pass,
    where a partial sort of all 400,000 took four times longer.
    """
    k = min(len(scores), n + len(skip))
    sample = scores[::32]
    if len(sample) > k:
        floor = np.partition(sample, len(sample) - k)[len(sample) - k]
        best = np.flatnonzero(scores >= floor)
    else:  # a small set: sort it all
        best = np.arange(len(scores))
    order = best[np.lexsort((best, -scores[best]))]
    return [int(i) for i in order if int(i) not in skip][:n]


def _cosadd(words: Pool, pos: np.ndarray, neg: np.ndarray) -> np.ndarray:
    mean = np.concatenate([pos, -neg]).mean(axis=0, dtype=np.float32)
    norm = float(np.linalg.norm(mean))
    if norm == 0:
        raise InputError(
            "The words cancel out exactly (the result vector is zero): use other words."
        )
    return words.scores((mean / norm).astype(np.float32))


def _cosmul(words: Pool, pos: np.ndarray, neg: np.ndarray) -> np.ndarray:
    shifted = words.scores(np.concatenate([pos, neg]))  # (terms, candidates): one pass
    shifted += 1
    shifted *= 0.5  # each cosine shifted to [0, 1]
    p = np.prod(shifted[: len(pos)], axis=0)
    n = np.prod(shifted[len(pos) :], axis=0) if len(neg) else np.float32(1)
    return p / (n + 0.000001)
