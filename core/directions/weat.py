"""WEAT, the Word Embedding Association Test of Caliskan, Bryson & Narayanan (2017, Science,
"Semantics derived automatically from language corpora contain human-like biases").

Two target sets X, Y (flowers, insects) and two attribute sets A, B (pleasant, unpleasant):

- s(w, A, B) = mean_{a∈A} cos(w, a) − mean_{b∈B} cos(w, b), how much more w leans to A than to B;
- S(X, Y, A, B) = Σ_{x∈X} s(x, A, B) − Σ_{y∈Y} s(y, A, B), the test statistic;
- d = (mean_{x∈X} s(x) − mean_{y∈Y} s(y)) / std_{w∈X∪Y} s(w), the effect size;
- p = Pr_i[S(X_i, Y_i) > S(X, Y)] over the equal-size partitions (X_i, Y_i) of X ∪ Y, one-sided.

A partition's S needs only the sum of s over X_i: S = 2·Σ_{X_i} s − Σ_{X∪Y} s, so the null
distribution is a sum over index subsets of one vector of 2n numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, combinations

import numpy as np

from core.errors import InputError
from core.models.registry import Embedder

EXACT_UP_TO = 100_000  # enumerate every partition up to this many (n ≤ 9 per target set)
N_SAMPLES = 100_000  # random partitions drawn beyond that
MIN_SIZE = 5  # fewest words per set in weat_words (see its docstring)
_CHUNK = 4_000_000  # random numbers drawn at once while sampling (32 MB)
NAMES = ("X", "Y", "A", "B")


@dataclass(frozen=True, eq=False)
class WeatResult:
    """The outcome of one WEAT.

    Attributes
    ----------
    statistic : S(X, Y, A, B).
    effect_size : d, in units of the standard deviation of s over X ∪ Y (see ``ddof``).
    p_value : one-sided, the share of partitions with S(X_i, Y_i) > S(X, Y) (strictly).
    exact : True if every partition was enumerated, False if ``n_partitions`` were sampled.
    n_partitions : how many partitions make up ``null``.
    null : S of each partition (the null distribution), for a histogram with S marked on it.
    sizes : the number of vectors in each set, keyed "X", "Y", "A", "B".
    s_x, s_y : s(w, A, B) for each row of X and of Y, in input order.
    ddof : the delta degrees of freedom of the standard deviation in ``effect_size``.
    words : (weat_words only) the words used in each set, in input order.
    dropped : (weat_words only) the words of each set the model lacks.
    trimmed : (weat_words only) words dropped from the larger target set to keep X and Y equal.
    """

    statistic: float
    effect_size: float
    p_value: float
    exact: bool
    n_partitions: int
    null: np.ndarray
    sizes: dict[str, int]
    s_x: np.ndarray
    s_y: np.ndarray
    ddof: int = 1
    words: dict[str, list[str]] = field(default_factory=dict)
    dropped: dict[str, list[str]] = field(default_factory=dict)
    trimmed: dict[str, list[str]] = field(default_factory=dict)


def association(W: np.ndarray, A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """s(w, A, B) for every row w of ``W``: mean cosine to the rows of A minus that to B's.

    Rows need not be unit length; each is normalised first, so scaling a row by a positive
    number changes nothing. ``W``, ``A`` and ``B`` must already be checked (see :func:`weat`).
    """
    w, a, b = (_unit(M) for M in (W, A, B))
    return (w @ a.T).mean(axis=1) - (w @ b.T).mean(axis=1)


def weat(
    X: np.ndarray,
    Y: np.ndarray,
    A: np.ndarray,
    B: np.ndarray,
    *,
    ddof: int = 1,
    exact_up_to: int = EXACT_UP_TO,
    n_samples: int = N_SAMPLES,
    random_state: int | np.random.Generator | None = 0,
) -> WeatResult:
    """Run WEAT on four matrices whose rows are vectors (cosine similarity throughout).

    Parameters
    ----------
    X, Y : (n, dim) arrays, the target sets; the same n, as the permutation test splits X ∪ Y
        into two halves of equal size.
    A, B : (n_a, dim) and (n_b, dim) arrays, the attribute sets (any sizes ≥ 1).
    ddof : int, default 1
        Delta degrees of freedom of the standard deviation in d: 1, the sample standard deviation
        (divide by 2n − 1), as in the paper's released code; 0 divides by 2n.
    exact_up_to : int, default 100,000
        Enumerate all C(2n, n) partitions when there are at most this many (n ≤ 9 by default);
        otherwise draw ``n_samples`` random ones.
    n_samples : int, default 100,000
        Random partitions drawn when not exact: each is a uniform random split of X ∪ Y into
        halves (items drawn without replacement within it); partitions may repeat across draws.
    random_state : int, Generator or None, default 0
        Seed of the sampling; with an int the result is reproducible. Unused when exact.

    Returns
    -------
    WeatResult
        The p-value counts partitions with S(X_i, Y_i) > S(X, Y), strictly, as in the paper's
        Pr[S(X_i, Y_i) > S(X, Y)]. Ties (S equal up to rounding, 1e-10 relative) are not
        counted, so the observed partition itself never is, p can be 0 (no partition beat S),
        and the smallest non-zero exact p is 1 / C(2n, n). Sets with repeated vectors make
        ties; ``null`` shows how many. Sampled p is the share of draws above S, an unbiased
        estimate of the exact p (standard error ≈ sqrt(p(1 − p) / n_samples)); a sampled p of 0
        means below about 1 / n_samples, not impossible.

    Raises
    ------
    InputError
        If a set is not a 2-D finite matrix, is empty, has an all-zero row, the widths differ,
        X and Y differ in size, ``ddof`` is out of range, or s is the same for every word of
        X ∪ Y (d is then undefined).
    """
    X, Y, A, B = _check_sets(X, Y, A, B)
    n = X.shape[0]
    if not (isinstance(ddof, int) and 0 <= ddof < 2 * n):
        raise InputError(f"ddof must be an integer from 0 to {2 * n - 1}; got {ddof!r}: use 1.")
    s_x, s_y = association(X, A, B), association(Y, A, B)
    s = np.concatenate([s_x, s_y])
    spread = float(np.std(s, ddof=ddof))
    if spread <= 1e-12 * (1 + float(np.abs(s).max())):
        raise InputError(
            "Every target word has the same association s(w, A, B) "
            f"({s[0]:.4g}), so the effect size is undefined: use targets that differ."
        )
    total = float(s.sum())
    observed = 2 * float(s_x.sum()) - total  # the same formula as the null's, for fair ties
    exact = math.comb(2 * n, n) <= exact_up_to
    sums = _exact_sums(s, n) if exact else _sampled_sums(s, n, n_samples, random_state)
    null = 2 * sums - total
    tol = 1e-10 * (1 + float(np.abs(s).sum()))
    return WeatResult(
        statistic=float(s_x.sum() - s_y.sum()),
        effect_size=float((s_x.mean() - s_y.mean()) / spread),
        p_value=float(np.count_nonzero(null > observed + tol) / null.size),
        exact=exact,
        n_partitions=int(null.size),
        null=null,
        sizes={k: int(M.shape[0]) for k, M in zip(NAMES, (X, Y, A, B), strict=True)},
        s_x=s_x,
        s_y=s_y,
        ddof=ddof,
    )


def weat_words(
    model: Embedder,
    X: Sequence[str],
    Y: Sequence[str],
    A: Sequence[str],
    B: Sequence[str],
    *,
    min_size: int = MIN_SIZE,
    **options,
) -> WeatResult:
    """Run WEAT on four word lists with ``model``, leaving out the words it lacks.

    Words are trimmed of spaces; empty entries and repeats within a set are skipped. Words
    missing from a word model's vocabulary are left out and named in ``dropped``. If X and Y
    then differ in size, the larger loses words from its end, named in ``trimmed``.

    Parameters
    ----------
    model : an Embedder; a word model with ``lookup`` (GloVe) may lack words, a sentence model
        encodes any text.
    X, Y, A, B : lists of words: targets X and Y, attributes A and B.
    min_size : int, default 5
        Fewest words each set must keep. Five per target set give C(10, 5) = 252 partitions, so
        the smallest non-zero p is 1/252 ≈ 0.004 and p < 0.01 is reachable; four give only 70
        (smallest 1/70 ≈ 0.014). For A and B, five words keep one word from deciding the means.
        The paper's smallest sets have six words.
    **options : passed to :func:`weat` (``ddof``, ``exact_up_to``, ``n_samples``,
        ``random_state``).

    Raises
    ------
    InputError
        If a set has fewer than ``min_size`` usable words (naming the set and its counts), or as
        :func:`weat` does.
    """
    sets = {k: _clean(k, words) for k, words in zip(NAMES, (X, Y, A, B), strict=True)}
    lookup = getattr(model, "lookup", None)
    dropped: dict[str, list[str]] = {}
    for k, words in sets.items():
        missing = set(lookup(words)[1]) if lookup else set()
        dropped[k] = [w for w in words if w in missing]
        sets[k] = [w for w in words if w not in missing]
        if len(sets[k]) < min_size:  # before balancing, so the error names the short set
            raise InputError(_too_few(k, sets[k], dropped[k], min_size))
    n = min(len(sets["X"]), len(sets["Y"]))
    trimmed = {k: sets[k][n:] for k in ("X", "Y")}
    sets.update({k: sets[k][:n] for k in ("X", "Y")})
    vectors = [model.encode(sets[k]) for k in NAMES]
    result = weat(*vectors, **options)
    return replace(result, words=sets, dropped=dropped, trimmed=trimmed)


def _clean(name: str, words: Sequence[str]) -> list[str]:
    if isinstance(words, str) or not all(isinstance(w, str) for w in words):
        raise InputError(
            f"Set {name} must be a list of words; got {type(words).__name__} "
            f"{str(words)[:40]!r}: pass e.g. ['rose', 'tulip', ...]."
        )
    return list(dict.fromkeys(w.strip() for w in words if w.strip()))


def _too_few(name: str, kept: list[str], missing: list[str], least: int) -> str:
    shown = ", ".join(repr(w) for w in missing[:20]) + (" ..." if len(missing) > 20 else "")
    why = f"; not in the model: {shown}" if missing else ""
    return (
        f"Set {name} needs at least {least} words the model knows; it has {len(kept)}"
        f" ({len(kept) + len(missing)} given{why}). Add words to set {name}."
    )


def _check_sets(*sets: np.ndarray) -> list[np.ndarray]:
    out = []
    for name, M in zip(NAMES, sets, strict=True):
        M = np.asarray(M, dtype=np.float64)
        if M.ndim != 2 or M.shape[0] == 0 or M.shape[1] == 0:
            raise InputError(
                f"Set {name} must be a non-empty 2-D matrix, one vector per row; got shape "
                f"{M.shape}: stack the vectors into rows (one row per word)."
            )
        if not np.isfinite(M).all():
            raise InputError(f"Set {name} contains NaN or infinite values: remove those rows.")
        zero = np.flatnonzero(~np.any(M, axis=1))
        if zero.size:
            raise InputError(
                f"Set {name} has all-zero rows (row {', '.join(map(str, zero[:5]))}), whose "
                "cosine is undefined: remove them."
            )
        out.append(M)
    widths = {name: M.shape[1] for name, M in zip(NAMES, out, strict=True)}
    if len(set(widths.values())) > 1:
        raise InputError(f"All sets must have vectors of the same width; got {widths}.")
    if out[0].shape[0] != out[1].shape[0]:
        raise InputError(
            f"Target sets X and Y must be the same size for the permutation test; got "
            f"{out[0].shape[0]} and {out[1].shape[0]}: drop rows from the larger one."
        )
    return out


def _unit(M: np.ndarray) -> np.ndarray:
    return M / np.linalg.norm(M, axis=1, keepdims=True)


def _exact_sums(s: np.ndarray, n: int) -> np.ndarray:
    """Σ s over X_i for every n-subset X_i of the 2n indices (C(2n, n) of them)."""
    count = math.comb(2 * n, n)
    flat = chain.from_iterable(combinations(range(2 * n), n))
    subsets = np.fromiter(flat, dtype=np.intp, count=count * n).reshape(count, n)
    return s[subsets].sum(axis=1)


def _sampled_sums(
    s: np.ndarray, n: int, n_samples: int, random_state: int | np.random.Generator | None
) -> np.ndarray:
    """Σ s over X_i for ``n_samples`` uniform random n-subsets of the 2n indices."""
    if not (isinstance(n_samples, int) and n_samples >= 1):
        raise InputError(f"n_samples must be a positive integer; got {n_samples!r}: use 100000.")
    rng = np.random.default_rng(random_state)
    rows = max(1, _CHUNK // (2 * n))
    out = []
    for start in range(0, n_samples, rows):
        # The n smallest of 2n uniform draws are a uniform random n-subset.
        keys = rng.random((min(rows, n_samples - start), 2 * n))
        out.append(s[np.argpartition(keys, n - 1, axis=1)[:, :n]].sum(axis=1))
    return np.concatenate(out)
