"""Directions from words, pairs and sets; items along them; a direction removed; typed formulas
parsed without eval. Hand-computed cases first, then the bundled GloVe."""

from __future__ import annotations

import numpy as np
import pytest

from core import directions
from core.directions.formula import combine, parse
from core.errors import InputError


def test_two_words_point_from_the_second_to_the_first():
    d = directions.from_two([3.0, 4.0], [0.0, 0.0])
    np.testing.assert_allclose(d.vector, [0.6, 0.8])
    assert d.explained == 1.0
    with pytest.raises(InputError, match="no direction"):
        directions.from_two([1, 2], [1, 2])


def test_pairs_that_differ_the_same_way_give_that_way_with_all_the_variance():
    first = np.array([[1.0, 5.0, 0.0], [2.0, -1.0, 3.0]])
    second = first - np.array([0.0, 0.0, 2.0])  # every pair differs by +2 along z
    d = directions.from_pairs(first, second)
    np.testing.assert_allclose(d.vector, [0, 0, 1], atol=1e-12)
    assert d.explained == pytest.approx(1.0)


def test_pairs_direction_is_the_first_principal_component_of_the_centred_pairs():
    # differences (2, 0) and (0, 1): centred rows ±(1, 0) and ±(0, 0.5); the variances along x
    # and y are 2·1² and 2·0.5², so x carries 2 / 2.5 = 0.8 of it
    first, second = np.array([[2.0, 0.0], [0.0, 1.0]]), np.zeros((2, 2))
    d = directions.from_pairs(first, second)
    np.testing.assert_allclose(d.vector, [1, 0], atol=1e-12)
    assert d.explained == pytest.approx(0.8)
    from sklearn.decomposition import PCA  # the same by an independent route

    half = (first - second) / 2
    pca = PCA(n_components=1).fit(np.vstack([half, -half]))
    assert abs(pca.components_[0] @ d.vector) == pytest.approx(1.0)
    assert pca.explained_variance_ratio_[0] == pytest.approx(d.explained)


def test_sets_go_centroid_to_centroid_of_unit_vectors():
    d = directions.from_sets([[10.0, 0.0], [0.0, 1.0]], [[0.0, -3.0]])
    # unit centroids: (0.5, 0.5) and (0, -1) → (0.5, 1.5) / |·|
    np.testing.assert_allclose(d.vector, np.array([0.5, 1.5]) / np.hypot(0.5, 1.5))


def test_items_are_scored_by_their_cosine_with_the_direction():
    d = directions.from_two([1.0, 0.0], [0.0, 0.0])
    np.testing.assert_allclose(directions.along([[2, 0], [0, 5], [-1, 1]], d), [1, 0, -(2**-0.5)])


def test_removing_a_direction_leaves_vectors_orthogonal_to_it_and_keeps_the_rest():
    rng = np.random.default_rng(0)
    v = rng.normal(size=(20, 6)).astype(np.float32)
    d = directions.from_two(rng.normal(size=6), rng.normal(size=6))
    out = directions.remove(v, d)
    np.testing.assert_allclose(out @ d.vector, 0, atol=1e-5)
    other = np.linalg.svd(np.eye(6) - np.outer(d.vector, d.vector))[0][:, :5]
    np.testing.assert_allclose(out @ other, v @ other, atol=1e-5)  # nothing else changes


@pytest.mark.parametrize(
    ("text", "weights"),
    [
        ("king - man + woman", {"king": 1, "man": -1, "woman": 1}),
        ("king − man + woman", {"king": 1, "man": -1, "woman": 1}),
        ("avg(good, great) - bad", {"good": 0.5, "great": 0.5, "bad": -1}),
        ("2*hot - 0.5 cold", {"hot": 2, "cold": -0.5}),
        ("-b + a", {"b": -1, "a": 1}),
        ("self-esteem - ego", {"self-esteem": 1, "ego": -1}),
        ("ice cream + cake", {"ice cream": 1, "cake": 1}),
        ("a + b - a", {"b": 1}),
    ],
)
def test_formulas_parse_into_weights(text, weights):
    assert parse(text) == pytest.approx(weights)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "empty"),
        ("king +", "ends too early"),
        ("rich -", "ends too early"),  # a trailing minus is an operator, not part of "rich -"
        ("rich - ", "ends too early"),
        ("avg(a, b", "ends too early"),
        ("a + ) b", "expected a word"),
        ("a * b", "Cannot read"),
        ("__import__('os').system('x')", "Cannot read the formula"),
    ],
)
def test_formulas_that_do_not_parse_say_where(text, said):
    with pytest.raises(InputError, match=said):
        parse(text)


def test_combine_adds_unit_vectors_with_their_weights():
    table = {"a": np.array([3.0, 0.0]), "b": np.array([0.0, 2.0])}
    out = combine(parse("2 a - b"), lambda items: np.array([table[i] for i in items]))
    np.testing.assert_allclose(out, [2, -1])
    with pytest.raises(InputError, match="cancels out"):
        combine(parse("a - a"), lambda items: np.zeros((0, 2)))


def test_on_glove_nurse_leans_to_she_and_engineer_to_he_and_removal_levels_them(glove):
    pairs = [("he", "she"), ("man", "woman"), ("king", "queen"), ("boy", "girl"), ("his", "her")]
    d = directions.from_pairs(
        glove.encode([p for p, _ in pairs]), glove.encode([q for _, q in pairs])
    )
    assert 0.3 < d.explained < 1.0
    nurse, engineer = directions.along(glove.encode(["nurse", "engineer"]), d)
    assert nurse < 0 < engineer  # towards "she" and towards "he"
    levelled = directions.remove(glove.encode(["nurse", "engineer"]), d)
    np.testing.assert_allclose(directions.along(levelled, d), 0, atol=1e-5)
    two = directions.from_two(*glove.encode(["he", "she"]))
    assert float(two.vector @ d.vector) > 0.7  # he − she and the pairs agree
