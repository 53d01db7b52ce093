"""core.directions.weat: WEAT on tiny 2-D sets checked by hand, its symmetries, and flowers/insects on GloVe."""

from __future__ import annotations

import math

import numpy as np
import pytest

from core.directions.weat import association, weat, weat_words
from core.errors import InputError

# A = {e1, (3,4)/5}, B = {e2}: s(w) = (cos(w, e1) + cos(w, (3,4)/5)) / 2 − cos(w, e2).
# Rows are deliberately not unit length: (8, 6) is 10 × (0.8, 0.6), (0, 2) is 2 × e2.
A = np.array([[1.0, 0.0], [3.0, 4.0]])
B = np.array([[0.0, 1.0]])
X = np.array([[1.0, 0.0], [8.0, 6.0]])
Y = np.array([[0.0, 2.0], [-1.0, 0.0]])
S_X = [(1 + 0.6) / 2 - 0, (0.8 + 0.96) / 2 - 0.6]  # 0.8, 0.28
S_Y = [(0 + 0.8) / 2 - 1, (-1 - 0.6) / 2 - 0]  # -0.6, -0.8


def test_association_by_hand():
    np.testing.assert_allclose(association(X, A, B), [0.8, 0.28])
    np.testing.assert_allclose(association(Y, A, B), [-0.6, -0.8])


def test_statistic_and_effect_size_by_hand():
    result = weat(X, Y, A, B)
    assert result.statistic == pytest.approx((0.8 + 0.28) - (-0.6 - 0.8))  # 2.48
    union = S_X + S_Y
    mean = sum(union) / 4  # -0.08
    sample_sd = math.sqrt(sum((v - mean) ** 2 for v in union) / 3)
    assert result.effect_size == pytest.approx(((0.8 + 0.28) / 2 - (-0.6 - 0.8) / 2) / sample_sd)
    assert result.effect_size == pytest.approx(1.24 / math.sqrt(1.6928 / 3))
    population_sd = math.sqrt(sum((v - mean) ** 2 for v in union) / 4)
    assert weat(X, Y, A, B, ddof=0).effect_size == pytest.approx(1.24 / population_sd)
    assert result.sizes == {"X": 2, "Y": 2, "A": 2, "B": 1}
    np.testing.assert_allclose(result.s_x, S_X)
    np.testing.assert_allclose(result.s_y, S_Y)


def test_exact_null_of_six_partitions_by_hand():
    # s over X ∪ Y = [0.8, 0.28, -0.6, -0.8], total -0.32; S(X_i, Y_i) = 2 Σ_{X_i} s + 0.32.
    pair_sums = [0.8 + 0.28, 0.8 - 0.6, 0.8 - 0.8, 0.28 - 0.6, 0.28 - 0.8, -0.6 - 0.8]
    expected = sorted(2 * v + 0.32 for v in pair_sums)  # -2.48 -0.72 -0.32 0.32 0.72 2.48
    result = weat(X, Y, A, B)
    assert result.exact and result.n_partitions == 6
    np.testing.assert_allclose(np.sort(result.null), expected)
    assert result.p_value == 0.0  # no partition beats 2.48; the observed one is a tie
    # X = {x1, y1}, Y = {x2, y2}: S = (0.8 - 0.6) - (0.28 - 0.8) = 0.72; only 2.48 is greater.
    mixed = weat(np.vstack([X[0], Y[0]]), np.vstack([X[1], Y[1]]), A, B)
    assert mixed.statistic == pytest.approx(0.72)
    assert mixed.p_value == pytest.approx(1 / 6)
    # Swapped, S = -2.48, and the five others are greater.
    assert weat(Y, X, A, B).p_value == pytest.approx(5 / 6)


def _random_sets(seed: int, n: int, shift: float = 0.3):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(6, 8)), rng.normal(size=(5, 8))
    x = rng.normal(size=(n, 8)) + shift * a.mean(axis=0)
    y = rng.normal(size=(n, 8)) + shift * b.mean(axis=0)
    return x, y, a, b


def test_sampled_p_agrees_with_exact_just_above_the_limit():
    x, y, a, b = _random_sets(3, n=7)  # C(14, 7) = 3432 partitions
    exact = weat(x, y, a, b)
    assert exact.exact and exact.n_partitions == 3432
    sampled = weat(x, y, a, b, exact_up_to=3431, n_samples=40_000, random_state=1)
    assert not sampled.exact and sampled.n_partitions == 40_000
    p = exact.p_value
    assert 0.02 < p < 0.98, "pick a seed whose p is not at the edge"
    assert abs(sampled.p_value - p) < 4 * math.sqrt(p * (1 - p) / 40_000)
    assert sampled.statistic == exact.statistic
    assert sampled.effect_size == exact.effect_size
    again = weat(x, y, a, b, exact_up_to=3431, n_samples=40_000, random_state=1)
    np.testing.assert_array_equal(again.null, sampled.null)


def test_swapping_targets_or_attributes_negates_s_and_d():
    x, y, a, b = _random_sets(5, n=6)
    base = weat(x, y, a, b)
    for swapped in (weat(y, x, a, b), weat(x, y, b, a)):
        assert swapped.statistic == pytest.approx(-base.statistic)
        assert swapped.effect_size == pytest.approx(-base.effect_size)
    # The exact null is symmetric (each partition's mirror has -S), so p(X,Y) + p(Y,X) + ties = 1.
    np.testing.assert_allclose(np.sort(base.null), np.sort(-base.null), atol=1e-12)
    ties = np.count_nonzero(np.isclose(base.null, base.statistic)) / base.n_partitions
    assert base.p_value + weat(y, x, a, b).p_value + ties == pytest.approx(1)


def test_positive_scaling_of_any_vector_changes_nothing():
    x, y, a, b = _random_sets(7, n=5)
    base = weat(x, y, a, b)
    rng = np.random.default_rng(0)
    scaled = [m * rng.uniform(0.1, 10, size=(len(m), 1)) for m in (x, y, a, b)]
    result = weat(*scaled)
    assert result.statistic == pytest.approx(base.statistic)
    assert result.effect_size == pytest.approx(base.effect_size)
    assert result.p_value == base.p_value
    np.testing.assert_allclose(result.null, base.null)


@pytest.mark.parametrize(
    ("sets", "match"),
    [
        ((X, Y[:1], A, B), r"X and Y must be the same size.*got 2 and 1"),
        ((X, np.array([[0.0, 0.0], [1.0, 1.0]]), A, B), r"Set Y has all-zero rows \(row 0\)"),
        ((X, Y, np.ones((2, 3)), B), r"same width; got \{'X': 2, 'Y': 2, 'A': 3, 'B': 2\}"),
        ((X[0], Y, A, B), r"Set X must be a non-empty 2-D matrix.*got shape \(2,\)"),
        ((X, Y, A, np.empty((0, 2))), r"Set B must be a non-empty 2-D matrix.*\(0, 2\)"),
        ((X, Y, A, np.array([[np.nan, 1.0]])), r"Set B contains NaN"),
        (
            (X[:1] * [[1], [2]], X[:1] * [[3], [1]], A, B),
            r"same association.*effect size is undefined",
        ),
    ],
)
def test_bad_sets_are_refused(sets, match):
    with pytest.raises(InputError, match=match):
        weat(*sets)


def test_bad_options_are_refused():
    with pytest.raises(InputError, match=r"ddof must be an integer from 0 to 3; got 4"):
        weat(X, Y, A, B, ddof=4)
    with pytest.raises(InputError, match=r"n_samples must be a positive integer; got 0"):
        weat(X, Y, A, B, exact_up_to=1, n_samples=0)


def _words(text: str) -> list[str]:
    return text.split()


FLOWERS = _words(
    "aster clover hyacinth marigold poppy azalea crocus iris orchid "
    "rose daffodil lilac pansy tulip magnolia daisy lily violet"
)
INSECTS = _words(
    "ant caterpillar flea locust spider bedbug centipede fly maggot tarantula "
    "bee cockroach gnat mosquito termite beetle cricket hornet moth wasp"
)
PLEASANT = _words(
    "caress freedom health love peace cheer friend heaven loyal pleasure "
    "diamond gentle honest lucky rainbow diploma gift honor miracle sunrise"
)
UNPLEASANT = _words(
    "abuse crash filth murder sickness accident death grief poison stink "
    "assault disaster hatred pollute tragedy bomb divorce jail poverty ugly"
)


def test_flowers_are_more_pleasant_than_insects_in_glove(glove):
    result = weat_words(glove, FLOWERS, INSECTS, PLEASANT, UNPLEASANT)
    assert not result.exact and result.n_partitions == 100_000
    assert result.effect_size > 1.0  # the paper: d = 1.50 on 840B-word GloVe
    assert result.p_value < 0.01
    # Every word here is in GloVe 6B; the two extra insects are left out from the end.
    assert result.dropped == {"X": [], "Y": [], "A": [], "B": []}
    assert result.trimmed == {"X": [], "Y": ["moth", "wasp"]}
    assert result.sizes == {"X": 18, "Y": 18, "A": 20, "B": 20}
    assert result.words["Y"] == INSECTS[:18]


def test_words_the_model_lacks_are_dropped_and_named(glove):
    flowers = [*FLOWERS[:6], "zzqflower", " rose ", "rose", ""]
    result = weat_words(glove, flowers, INSECTS[:8], PLEASANT[:6], [*UNPLEASANT[:6], "qqxbad"])
    assert result.dropped == {"X": ["zzqflower"], "Y": [], "A": [], "B": ["qqxbad"]}
    assert result.words["X"] == [*FLOWERS[:6], "rose"]  # trimmed, repeats and blanks skipped
    assert result.trimmed == {"X": [], "Y": INSECTS[7:8]}
    assert result.exact and result.n_partitions == math.comb(14, 7)


def test_too_few_known_words_are_refused(glove):
    with pytest.raises(
        InputError,
        match=r"Set A needs at least 5 .* it has 4 \(5 given; not in the model: 'zzqq'\)",
    ):  # noqa: E501
        weat_words(glove, FLOWERS, INSECTS, [*PLEASANT[:4], "zzqq"], UNPLEASANT)
    # The short set is named, not the one trimmed to match it.
    with pytest.raises(InputError, match=r"Set Y needs at least 5 .* has 3 \(3 given\)"):
        weat_words(glove, FLOWERS, INSECTS[:3], PLEASANT, UNPLEASANT)
    with pytest.raises(InputError, match=r"Set Y must be a list of words; got str 'ant'"):
        weat_words(glove, FLOWERS, "ant", PLEASANT, UNPLEASANT)


def test_a_sentence_model_drops_nothing(minilm):
    result = weat_words(minilm, FLOWERS[:6], INSECTS[:6], PLEASANT[:6], [*UNPLEASANT[:5], "zzqq"])
    assert result.dropped == {"X": [], "Y": [], "A": [], "B": []}
    assert result.sizes == {"X": 6, "Y": 6, "A": 6, "B": 6}
    assert result.exact and result.n_partitions == math.comb(12, 6)
    assert result.effect_size > 0
