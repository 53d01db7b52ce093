"""Word-similarity benchmarks: how well a model's cosine similarities rank word pairs the way
people do.

Two human-rated sets are bundled in ``core/geometry/data/`` (sources and terms in
``core/geometry/data/BENCHMARKS.md``): WordSim-353, which rates relatedness (cup – coffee scores high), and
SimLex-999, which rates similarity proper (cup – coffee scores low). ``evaluate(model, key)``
gives Spearman's ρ and Pearson's r between the human scores and the model's cosines, with the
same figures as gensim's ``KeyedVectors.evaluate_word_pairs`` on the same vectors.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.errors import InputError
from core.models.registry import Embedder

DATA = Path(__file__).resolve().parent / "data"

Pair = tuple[str, str, float]
Transform = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Benchmark:
    """A set of word pairs with human scores (higher: more alike), in the file's order."""

    key: str
    title: str
    source: str
    pairs: tuple[Pair, ...]


@dataclass(frozen=True)
class BenchmarkResult:
    """A model's agreement with one benchmark.

    Attributes
    ----------
    key : the benchmark's key in :data:`BENCHMARKS`.
    spearman, pearson : ρ and r between the human scores and the cosines of the pairs used
        (nan if the model gives every pair the same cosine).
    pairs_used : pairs whose two words the model has.
    pairs_total : pairs in the benchmark.
    oov_share : share of pairs skipped for a missing word, 0 to 1 (gensim gives it in percent).
    missing : the distinct words the model lacks, as written in the benchmark, in file order.
    """

    key: str
    spearman: float
    pearson: float
    pairs_used: int
    pairs_total: int
    oov_share: float
    missing: tuple[str, ...]


def read_pairs(path: str | Path) -> tuple[Pair, ...]:
    """Pairs from a file of ``word1<TAB>word2<TAB>score`` lines; blank and '#' lines are skipped.

    Raises ValueError naming the line when one does not have that form.
    """
    pairs = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            try:
                first, second, score = fields
                pairs.append((first.strip(), second.strip(), float(score)))
            except ValueError as exc:
                raise ValueError(
                    f"{Path(path).name}, line {number}: expected word1<TAB>word2<TAB>score, "
                    f"got {line.strip()!r}"
                ) from exc
    return tuple(pairs)


BENCHMARKS: dict[str, Benchmark] = {
    "wordsim353": Benchmark(
        "wordsim353",
        "WordSim-353 (relatedness)",
        "Finkelstein, Gabrilovich, Matias, Rivlin, Solan, Wolfman & Ruppin (2002), "
        "Placing search in context: the concept revisited, ACM TOIS 20(1). "
        "http://www.gabrilovich.com/resources/data/wordsim353/wordsim353.html",
        read_pairs(DATA / "wordsim353.tsv"),
    ),
    "simlex999": Benchmark(
        "simlex999",
        "SimLex-999 (similarity)",
        "Hill, Reichart & Korhonen (2015), SimLex-999: evaluating semantic models with "
        "(genuine) similarity estimation, Computational Linguistics 41(4). "
        "https://fh295.github.io/simlex.html",
        read_pairs(DATA / "simlex999.txt"),
    ),
}


def evaluate(model: Embedder, key: str, transform: Transform | None = None) -> BenchmarkResult:
    """Spearman's ρ and Pearson's r between a benchmark's human scores and the model's cosines.

    For a word model (``kind == "word"``, with ``.lookup``) each word is looked up as the model
    does (trimmed, lowercased) in its whole vocabulary, and a pair with a word the model lacks
    is skipped, as gensim's ``KeyedVectors.evaluate_word_pairs`` does with its defaults
    (``case_insensitive=True``, ``dummy4unknown=False``) except that gensim looks only at the
    first ``restrict_vocab=300000`` words unless told otherwise: the figures equal gensim's with
    ``restrict_vocab`` set to the vocabulary's size, for a lowercase vocabulary such as GloVe's.

    For a sentence model (any other kind) each word is encoded as a text of its own, so no pair
    is skipped; the cosines are then between encodings of lone words, out of the context the
    model was trained for, but a fair question all the same.

    Parameters
    ----------
    model : a word model (:class:`core.models.registry.WordEmbedder`) or any embedder with ``.encode``.
    key : a key of :data:`BENCHMARKS`: "wordsim353" or "simlex999".
    transform : optional callable applied to the (n_words, dim) matrix of the benchmark's words'
        vectors before the cosines, returning n_words rows (any width): a post-processing such
        as removing the vocabulary mean or the top principal components, fitted beforehand.

    Raises
    ------
    InputError
        Unknown key; a transform that does not return one row per word; or fewer than two
        pairs left once the missing words are skipped.
    """
    benchmark = _benchmark(key)
    words = list(dict.fromkeys(w for a, b, _ in benchmark.pairs for w in (a, b)))
    known, vectors = _vectors(model, words)
    if transform is not None:
        vectors = _transformed(transform, vectors)
    row = {w: i for i, w in enumerate(known)}
    used = [(row[a], row[b], s) for a, b, s in benchmark.pairs if a in row and b in row]
    if len(used) < 2:
        raise InputError(
            f"{model.name} has the words of only {len(used)} of the {len(benchmark.pairs)} "
            f"pairs of {benchmark.title}: at least 2 are needed. Use a model with a larger "
            "vocabulary, or the sentence model, which can encode any word."
        )
    spearman, pearson = _correlations(_cosines(vectors, used), [s for _, _, s in used])
    total = len(benchmark.pairs)
    return BenchmarkResult(
        key=benchmark.key,
        spearman=spearman,
        pearson=pearson,
        pairs_used=len(used),
        pairs_total=total,
        oov_share=(total - len(used)) / total,
        missing=tuple(w for w in words if w not in row),
    )


def _benchmark(key: str) -> Benchmark:
    if key not in BENCHMARKS:
        raise InputError(f"Unknown benchmark: {key!r}. Must be one of: {list(BENCHMARKS)}.")
    return BENCHMARKS[key]


def _vectors(model: Embedder, words: list[str]) -> tuple[list[str], np.ndarray]:
    """The words the model has (all of them for a sentence model) and their vectors."""
    lookup = getattr(model, "lookup", None) if model.kind == "word" else None
    if lookup is not None:
        rows, _ = lookup(words)
        words = [w for w, r in zip(words, rows, strict=True) if r is not None]
    if not words:
        return [], np.empty((0, model.dim), dtype=np.float64)
    return words, np.asarray(model.encode(words), dtype=np.float64)


def _transformed(transform: Transform, vectors: np.ndarray) -> np.ndarray:
    out = np.asarray(transform(vectors), dtype=np.float64)
    if out.ndim != 2 or len(out) != len(vectors):
        raise InputError(
            f"The transform must return one row per word, a matrix of {len(vectors)} rows; "
            f"got shape {out.shape}."
        )
    return out


def _cosines(vectors: np.ndarray, used: list[tuple[int, int, float]]) -> np.ndarray:
    """Cosine of each used pair; a zero vector has cosine 0 with anything, as in gensim."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.where(norms == 0, 1, norms)
    first = np.fromiter((a for a, _, _ in used), dtype=np.int64, count=len(used))
    second = np.fromiter((b for _, b, _ in used), dtype=np.int64, count=len(used))
    return np.einsum("ij,ij->i", unit[first], unit[second])


def _correlations(model_scores: np.ndarray, human_scores: list[float]) -> tuple[float, float]:
    from scipy import stats

    with warnings.catch_warnings():
        # Equal cosines everywhere (a degenerate transform) give nan, which the result reports.
        warnings.simplefilter("ignore", stats.ConstantInputWarning)
        spearman = stats.spearmanr(human_scores, model_scores).statistic
        pearson = stats.pearsonr(human_scores, model_scores).statistic
    return float(spearman), float(pearson)
