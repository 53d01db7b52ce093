"""core.directions.weat_lists and core.directions.word_lists: the published lists' sizes and shape, every standard WEAT
on the bundled GloVe (with d recomputed here from the raw vectors), and the occupations list."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.distance import cdist

from core.directions.weat import weat_words
from core.directions.weat_lists import STANDARD, WeatTest
from core.directions.word_lists import OCCUPATIONS

# Table 1 of Caliskan et al. (2017), WEAT columns: N_T (words per target set) and N_A (per
# attribute set), as printed ("25×2" is 25 words in each of the two sets).
PUBLISHED_SIZES = {
    "weat1": (25, 25), "weat2": (25, 25), "weat3": (32, 25), "weat4": (16, 25),
    "weat5": (16, 8), "weat6": (8, 8), "weat7": (8, 8), "weat8": (8, 8), "weat9": (6, 7),
    "weat10": (8, 8),
}  # fmt: skip
# What GloVe 6B lacks of the published lists, and what weat_words then trims to keep X and Y
# equal: only "gladiola" (WEAT 1's flowers), so its insects lose their last word, "weevil".
DROPPED = {"weat1": {"X": ["gladiola"]}}
TRIMMED = {"weat1": {"Y": ["weevil"]}}

TESTS = list(STANDARD.values())


def test_all_ten_tests_in_order_with_their_set_names():
    assert list(STANDARD) == [f"weat{i}" for i in range(1, 11)]
    for key, t in STANDARD.items():
        assert t.key == key and t.title.startswith(f"WEAT {key[4:]}: ")
        assert len(t.names) == 4 and all(t.names)
    assert STANDARD["weat1"].names == ("Flowers", "Insects", "Pleasant", "Unpleasant")


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.key)
def test_sizes_are_the_published_ones(test: WeatTest):
    n_t, n_a = PUBLISHED_SIZES[test.key]
    assert (len(test.x), len(test.y), len(test.a), len(test.b)) == (n_t, n_t, n_a, n_a)


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.key)
def test_words_are_lowercase_single_tokens_without_repeats(test: WeatTest):
    for words in test.sets:
        assert all(w == w.lower().strip() and " " not in w for w in words)
        assert len(set(words)) == len(words)


def test_lists_shared_between_tests_are_the_same_and_the_variants_differ_as_published():
    s = STANDARD
    assert s["weat1"].a == s["weat2"].a == s["weat3"].a == s["weat4"].a
    assert s["weat1"].b == s["weat2"].b
    # WEAT 3 and 4's unpleasant words have bomb and evil where WEAT 1 has agony and prison.
    assert set(s["weat3"].b) ^ set(s["weat1"].b) == {"bomb", "evil", "agony", "prison"}
    assert s["weat4"].x == s["weat5"].x and s["weat4"].y == s["weat5"].y
    assert s["weat5"].a == s["weat10"].a and s["weat5"].b == s["weat10"].b
    assert "einstein" in s["weat8"].x and "short-term" in s["weat9"].a
    assert "billy" in s["weat10"].x and "sara" not in s["weat3"].x  # as in the supplement
    assert "latonya" in s["weat3"].note and "tremayne" in s["weat4"].note


def _independent_d(glove, test: WeatTest) -> tuple[float, int]:
    """d from the raw GloVe rows with scipy's cosine distance: words GloVe lacks left out, the
    larger target set cut from its end to the smaller's size, sample SD (ddof=1)."""
    index = glove.index
    known = [[w for w in words if w in index] for words in test.sets]
    n = min(len(known[0]), len(known[1]))
    x, y, a, b = (np.asarray(glove.vectors[[index[w] for w in ws]], dtype=np.float64)
                  for ws in (known[0][:n], known[1][:n], known[2], known[3]))  # fmt: skip

    def s(w: np.ndarray) -> np.ndarray:
        return (1 - cdist(w, a, "cosine")).mean(axis=1) - (1 - cdist(w, b, "cosine")).mean(axis=1)

    s_x, s_y = s(x), s(y)
    return float((s_x.mean() - s_y.mean()) / np.concatenate([s_x, s_y]).std(ddof=1)), n


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.key)
def test_each_test_runs_on_glove_and_matches_an_independent_effect_size(glove, test: WeatTest):
    result = weat_words(glove, *test.sets)
    assert result.dropped == {"X": [], "Y": [], "A": [], "B": [], **DROPPED.get(test.key, {})}
    assert result.trimmed == {"X": [], "Y": [], **TRIMMED.get(test.key, {})}
    d, n = _independent_d(glove, test)
    assert result.sizes["X"] == result.sizes["Y"] == n
    assert result.effect_size == pytest.approx(d, abs=1e-5)


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.key)
def test_glove_6b_agrees_with_the_published_direction_of_every_test(glove, test: WeatTest):
    """A finding, not a tolerance: on GloVe 6B 50d every one of the ten runs the way the paper
    found on 840B GloVe (d > 0), at p < 0.05. Sizes differ (see bench/weat_table.py)."""
    result = weat_words(glove, *test.sets)
    assert np.sign(result.effect_size) == np.sign(test.published_d) == 1
    assert result.p_value < 0.05


def test_published_figures_and_their_text():
    d = {k: t.published_d for k, t in STANDARD.items()}
    assert d == {"weat1": 1.50, "weat2": 1.53, "weat3": 1.41, "weat4": 1.50, "weat5": 1.28,
                 "weat6": 1.81, "weat7": 1.06, "weat8": 1.24, "weat9": 1.38, "weat10": 1.21}  # fmt: skip
    assert STANDARD["weat1"].published_p == 1e-7
    assert STANDARD["weat1"].published_p_text == "≈ 10⁻⁷"
    assert STANDARD["weat7"].published_p_text == "= 0.018"


def test_occupations_are_bolukbasi_et_al_s_320_professions(glove):
    assert len(OCCUPATIONS) == len(set(OCCUPATIONS)) == 320
    assert OCCUPATIONS[:4] == ("accountant", "acquaintance", "actor", "actress")
    assert OCCUPATIONS[-1] == "writer" and "homemaker" in OCCUPATIONS
    multiword = [w for w in OCCUPATIONS if "_" in w]
    assert len(multiword) == 29 and "adjunct_professor" in multiword
    # GloVe 6B has every single-word profession and none of the multiword ones.
    assert glove.lookup(OCCUPATIONS)[1] == multiword
