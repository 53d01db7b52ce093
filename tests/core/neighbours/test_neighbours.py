"""core.neighbours.exact.nearest: real neighbours with MiniLM, and exact agreement with brute force."""

from __future__ import annotations

import numpy as np
import pytest

from core.errors import InputError
from core.io.datasets import load_dataset
from core.neighbours.exact import Neighbour, nearest


@pytest.fixture(scope="module")
def ninety(minilm) -> tuple[list[str], np.ndarray]:
    data = load_dataset("ninety-words")
    return data.texts, minilm.encode(data.texts)


def _words(texts: list[str], found: list[Neighbour]) -> list[str]:
    return [texts[n.index] for n in found]


def _brute_force(vectors: np.ndarray, q: np.ndarray, metric: str) -> np.ndarray:
    v, q = vectors.astype(np.float64), q.astype(np.float64)
    if metric == "cosine":
        return np.array([x @ q / (np.linalg.norm(x) * np.linalg.norm(q)) for x in v])
    if metric == "dot":
        return np.array([x @ q for x in v])
    return np.array([np.linalg.norm(x - q) for x in v])


# --- with the real model ----------------------------------------------------------------------


def test_the_nearest_of_cat_among_cat_kitten_dog_is_kitten(minilm):
    vectors = minilm.encode(["cat", "kitten", "dog"])
    found = nearest(vectors, 0, k=2)
    assert [n.index for n in found] == [1, 2]
    assert found[0].score == pytest.approx(0.788, abs=0.005)
    assert found[1].score == pytest.approx(0.661, abs=0.005)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("diver", "scuba"),
        ("python", "programming"),
        ("kayak", "paddle"),
        ("soccer", "football"),
        ("runner", "marathon"),
    ],
)
def test_nearest_words_in_the_ninety_word_set(ninety, word, expected):
    texts, vectors = ninety
    assert _words(texts, nearest(vectors, texts.index(word), k=1)) == [expected]


def test_a_repeated_word_finds_its_twin_first(ninety, minilm):
    texts, vectors = ninety
    texts = [*texts, "swimmer"]  # the seed's list has it twice
    vectors = np.vstack([vectors, minilm.encode(["swimmer"])])
    first = texts.index("swimmer")
    twin = texts.index("swimmer", first + 1)
    found = nearest(vectors, first, k=1)
    assert found[0].index == twin
    assert found[0].score == pytest.approx(1.0, abs=1e-5)


def test_a_row_query_leaves_out_its_own_row(ninety):
    texts, vectors = ninety
    row = texts.index("dolphin")
    found = nearest(vectors, row, k=len(texts))
    assert len(found) == len(texts) - 1 == 87
    assert row not in [n.index for n in found]
    scores = [n.score for n in found]
    assert scores == sorted(scores, reverse=True)


def test_a_vector_query_ranks_every_row_including_an_identical_one(ninety, minilm):
    texts, vectors = ninety
    query = minilm.encode(["a kitten"])[0]
    found = nearest(vectors, query, k=3)
    assert _words(texts, found)[0] == "cat"
    same = nearest(vectors, vectors[texts.index("whale")], k=1)
    assert _words(texts, same) == ["whale"]
    assert same[0].score == pytest.approx(1.0, abs=1e-5)


def test_exclude_leaves_out_rows(ninety):
    texts, vectors = ninety
    row = texts.index("cat")
    first = nearest(vectors, row, k=3)
    rest = nearest(vectors, row, k=3, exclude=[first[0].index, 10_000, -1])
    assert first[0].index not in [n.index for n in rest]
    assert [n.index for n in rest][:2] == [n.index for n in first][1:]


# --- against brute force --------------------------------------------------------------------


@pytest.mark.parametrize("metric", ["cosine", "euclidean", "dot"])
@pytest.mark.parametrize("seed", range(5))
def test_every_metric_agrees_with_brute_force(metric, seed):
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(80, 12)).astype(np.float32)
    query = rng.normal(size=12).astype(np.float32)
    expected = _brute_force(vectors, query, metric)
    order = np.argsort(expected if metric == "euclidean" else -expected, kind="stable")
    found = nearest(vectors, query, k=15, metric=metric)
    assert [n.index for n in found] == order[:15].tolist()
    np.testing.assert_allclose([n.score for n in found], expected[order[:15]], rtol=1e-5, atol=1e-5)

    row = int(rng.integers(80))
    expected = _brute_force(vectors, vectors[row], metric)
    expected[row] = np.inf if metric == "euclidean" else -np.inf
    order = np.argsort(expected if metric == "euclidean" else -expected, kind="stable")
    found = nearest(vectors, row, k=79, metric=metric)
    assert [n.index for n in found] == order[:79].tolist()


def test_ties_are_broken_by_row():
    vectors = np.array([[1.0, 0.0]] * 5 + [[0.0, 1.0]])
    found = nearest(vectors, np.array([1.0, 0.0]), k=6)
    assert [n.index for n in found] == [0, 1, 2, 3, 4, 5]


def test_zero_vectors_score_zero_under_cosine():
    vectors = np.array([[0.0, 0.0], [1.0, 0.0]])
    found = nearest(vectors, np.array([1.0, 0.0]), k=2)
    assert [(n.index, n.score) for n in found] == [(1, pytest.approx(1.0)), (0, 0.0)]
    assert nearest(vectors, np.zeros(2), k=1)[0].score == 0.0


def test_k_larger_than_the_rows_returns_them_all():
    vectors = np.random.default_rng(0).normal(size=(4, 3))
    assert len(nearest(vectors, np.ones(3), k=100)) == 4
    assert len(nearest(vectors, 0, k=100)) == 3
    assert nearest(vectors[:1], 0, k=5) == []
    assert nearest(vectors, 0, k=5, exclude=[1, 2, 3]) == []


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "kwargs", "match"),
    [
        (0, {"k": 0}, r"k must be a whole number of at least 1; got 0"),
        (0, {"k": -3}, r"k must be a whole number of at least 1; got -3"),
        (0, {"k": 2.5}, r"k must be a whole number of at least 1; got 2\.5"),
        (0, {"k": True}, r"k must be a whole number of at least 1; got True"),
        (
            0,
            {"metric": "manhattan"},
            r"Unknown metric: 'manhattan'\. Must be one of: \['cosine', 'euclidean', 'dot'\]",
        ),
        (5, {}, r"Query row 5 is out of range: there are 5 rows"),
        (-1, {}, r"Query row -1 is out of range: there are 5 rows"),
        (np.ones(4), {}, r"The query has 4 dimensions but the vectors have 3"),
        (np.array([1.0, np.nan, 0.0]), {}, r"The query vector contains NaN or infinite values"),
    ],
)
def test_bad_queries_raise_input_errors(query, kwargs, match):
    vectors = np.random.default_rng(0).normal(size=(5, 3))
    with pytest.raises(InputError, match=match):
        nearest(vectors, query, **kwargs)


def test_bad_vectors_raise_input_errors():
    with pytest.raises(InputError, match=r"vectors need at least 1 rows; got 0"):
        nearest(np.zeros((0, 3)), np.ones(3))
    with pytest.raises(InputError, match=r"NaN or infinite values in 1 row"):
        nearest([[1.0, 2.0], [np.inf, 0.0]], 0)


@pytest.mark.filterwarnings("ignore:overflow:RuntimeWarning", "ignore:invalid value:RuntimeWarning")
@pytest.mark.parametrize("metric", ["cosine", "euclidean", "dot"])
def test_excluded_rows_stay_out_even_when_scores_overflow(metric):
    # A huge (but finite) query overflows float32: every euclidean score becomes inf.
    vectors = np.array([[1.0], [0.0], [-1.0]])
    found = nearest(vectors, np.array([1e30]), k=3, metric=metric, exclude=[0, 2])
    assert [n.index for n in found] == [1]


def test_values_too_large_for_the_maths_are_refused():
    with pytest.raises(
        InputError,
        match=r"vectors have values as large as 1e\+30; the maths here works up to 1e\+15",
    ):
        nearest(np.array([[1e30], [0.0]]), 0)
