"""core.analogy.answer: the same answers as gensim on its own analogy questions, and the honest ranks."""

from __future__ import annotations

import numpy as np
import pytest
from gensim.models import KeyedVectors
from gensim.test.utils import datapath

import core.analogy.candidates
from core.analogy.answer import analogy
from core.errors import InputError, OutOfVocabularyError

PER_SECTION = 3


def _sample_questions() -> list[tuple[str, tuple[str, str, str, str]]]:
    """PER_SECTION questions from each section of gensim's questions-words.txt, evenly spaced."""
    sections: dict[str, list[tuple[str, str, str, str]]] = {}
    with open(datapath("questions-words.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith(":"):
                current = sections.setdefault(line[1:].strip(), [])
            elif line.strip():
                current.append(tuple(line.lower().split()))
    sample = []
    for name, questions in sections.items():
        step = len(questions) // PER_SECTION
        sample += [(name, questions[i * step]) for i in range(PER_SECTION)]
    return sample


QUESTIONS = _sample_questions()


@pytest.fixture(scope="module")
def kv(glove) -> KeyedVectors:
    vectors = KeyedVectors(50)
    vectors.add_vectors(glove.vocabulary, np.asarray(glove.vectors))
    return vectors


def test_the_sample_spreads_over_every_section():
    assert len({name for name, _ in QUESTIONS}) == 14
    assert len(QUESTIONS) == 14 * PER_SECTION


@pytest.mark.parametrize("method", ["3cosadd", "3cosmul"])
@pytest.mark.parametrize(
    "question", [q for _, q in QUESTIONS], ids=[f"{s}:{'-'.join(q)}" for s, q in QUESTIONS]
)
def test_answers_equal_gensim(glove, kv, question, method):
    a, b, c, _ = question
    if any(w not in glove.index for w in (a, b, c)):
        pytest.skip(f"not in the GloVe vocabulary: {a}, {b}, {c}")
    ours = analogy(glove, [b, c], [a], topn=10, method=method)
    gensim_way = kv.most_similar if method == "3cosadd" else kv.most_similar_cosmul
    theirs = gensim_way(positive=[b, c], negative=[a], topn=10)
    assert [w for w, _ in ours.results] == [w for w, _ in theirs]
    np.testing.assert_allclose([s for _, s in ours.results], [s for _, s in theirs], atol=1e-5)
    assert ours.n_candidates == 400_000


def test_the_sample_is_mostly_in_the_vocabulary(glove):
    inside = [q for _, q in QUESTIONS if all(w in glove.index for w in q[:3])]
    assert len(inside) >= 40


# --- king − man + woman ---------------------------------------------------------------------


def test_king_minus_man_plus_woman_is_queen(glove):
    r = analogy(glove, ["king", "woman"], ["man"])
    assert r.results[0][0] == "queen"
    assert r.results[0][1] == pytest.approx(0.8524, abs=1e-4)
    assert {"king", "woman", "man"}.isdisjoint(w for w, _ in r.results)
    assert len(r.results) == 10
    assert (r.positive, r.negative, r.method, r.exclude_inputs) == (
        ("king", "woman"),
        ("man",),
        "3cosadd",
        True,
    )


def test_without_excluding_inputs_king_itself_comes_first(glove):
    r = analogy(glove, ["king", "woman"], ["man"], exclude_inputs=False)
    assert r.results[0][0] == "king"
    assert r.results[0][1] == pytest.approx(0.8854, abs=1e-4)
    assert r.results[1][0] == "queen"
    assert r.results[1][1] == pytest.approx(0.8524, abs=1e-4)


def test_input_ranks_show_where_the_inputs_stand(glove):
    r = analogy(glove, ["King ", "woman"], ["man"])
    assert set(r.input_ranks) == {"king", "woman", "man"}
    rank, score = r.input_ranks["king"]
    assert rank == 1
    assert score == pytest.approx(0.8854, abs=1e-4)
    assert r.input_ranks["woman"][0] > 1
    assert r.input_ranks["man"][0] > r.input_ranks["woman"][0]


def test_3cosmul_also_finds_queen(glove):
    r = analogy(glove, ["king", "woman"], ["man"], method="3cosmul")
    assert r.results[0][0] == "queen"


def test_a_single_positive_word_gives_its_neighbours(glove, kv):
    r = analogy(glove, "frog", topn=5)
    assert [w for w, _ in r.results] == [w for w, _ in kv.most_similar("frog", topn=5)]


def test_topn_limits_the_results(glove):
    assert len(analogy(glove, ["paris", "germany"], ["france"], topn=3).results) == 3
    assert analogy(glove, ["paris", "germany"], ["france"], topn=1).results[0][0] == "berlin"


# --- candidates -----------------------------------------------------------------------------


def test_candidates_restrict_the_ranking_and_keep_the_scores(glove):
    full = dict(analogy(glove, ["king", "woman"], ["man"], topn=1000, exclude_inputs=False).results)
    r = analogy(
        glove, ["king", "woman"], ["man"], candidates=["banana", "Prince", "queen", " "], topn=10
    )
    assert [w for w, _ in r.results] == ["queen", "prince", "banana"]
    assert r.n_candidates == 6  # the three candidates and the three inputs
    for word, score in r.results[:2]:
        assert score == pytest.approx(full[word], abs=1e-6)
    assert r.input_ranks["king"][0] == 1


def test_candidates_out_of_the_vocabulary_are_named(glove):
    with pytest.raises(OutOfVocabularyError, match=r"^1 word is not in .*'zzqxv'"):
        analogy(glove, ["king", "woman"], ["man"], candidates=["queen", "zzqxv"])


# --- the sentence model ---------------------------------------------------------------------


def _by_hand(vectors: dict[str, np.ndarray], positive, negative) -> dict[str, float]:
    unit = {w: v / np.linalg.norm(v) for w, v in vectors.items()}
    target = sum(unit[w] for w in positive) - sum(unit[w] for w in negative)
    target /= np.linalg.norm(target)
    return {w: float(u @ target) for w, u in unit.items()}


def test_sentence_model_analogy_over_a_few_candidates(minilm):
    candidates = ["queen", "prince", "princess", "banana", "car", "throne", "monarch", "lady"]
    r = analogy(minilm, ["king", "woman"], ["man"], candidates=candidates)
    assert r.results[0][0] == "queen"
    assert r.n_candidates == len(candidates) + 3
    words = candidates + ["king", "woman", "man"]
    expected = _by_hand(
        dict(zip(words, minilm.encode(words), strict=True)), ["king", "woman"], ["man"]
    )
    assert [w for w, _ in r.results] == sorted(candidates, key=lambda w: -expected[w])
    for word, score in r.results:
        assert score == pytest.approx(expected[word], abs=1e-5)
    for word, (_, score) in r.input_ranks.items():
        assert score == pytest.approx(expected[word], abs=1e-5)


def test_sentence_model_takes_any_word_even_outside_glove(minilm):
    r = analogy(minilm, ["zzqxv-king", "woman"], ["man"], candidates=["queen", "car"])
    assert {w for w, _ in r.results} == {"queen", "car"}


def test_sentence_model_default_candidates_are_the_top_glove_words(minilm, glove, monkeypatch):
    # The real default is 20,000 words (a minute of encoding here); the path is the same for 100.
    monkeypatch.setattr(core.analogy.candidates, "SENTENCE_CANDIDATES", 100)
    calls = []
    r = analogy(
        minilm, ["paris", "germany"], ["france"], progress=lambda d, t: calls.append((d, t))
    )
    assert r.n_candidates == len(set(glove.vocabulary[:100]) | {"paris", "germany", "france"})
    assert set(w for w, _ in r.results) <= set(glove.vocabulary[:100])
    assert calls[-1][0] == calls[-1][1] == r.n_candidates


# --- errors -------------------------------------------------------------------------------


def test_unknown_words_are_all_named(glove):
    with pytest.raises(
        OutOfVocabularyError,
        match=r"^3 words are not in the glove-6B-50d vocabulary: 'zzqxv', 'qqxzv', 'xxqzv'",
    ) as info:
        analogy(glove, ["zzqxv", "woman", "qqxzv"], ["xxqzv"])
    assert info.value.missing == ["zzqxv", "qqxzv", "xxqzv"]


@pytest.mark.parametrize(
    ("positive", "negative", "kwargs", "match"),
    [
        (["king"], ["king"], {}, r"All the words are 'king': the arithmetic cancels out"),
        (["king", "King"], [" king "], {}, r"All the words are 'king'"),
        (["king", "man"], ["man", "king"], {}, r"The words cancel out exactly"),
        (["king", "man"], ["man", "king"], {"method": "3cosmul"}, r"The words cancel out exactly"),
        ([], ["man"], {}, r"needs at least one positive word"),
        ((), (), {}, r"needs at least one positive word"),
        (["king", " "], ["man"], {}, r"Every positive word must be non-empty text; got ' '"),
        (["king"], [None], {}, r"Every negative word must be non-empty text; got None"),
        (
            ["king", "woman"],
            ["man"],
            {"method": "3cosdiv"},
            r"Unknown analogy method: '3cosdiv'\. Must be one of: \['3cosadd', '3cosmul'\]",
        ),
        (
            ["king", "woman"],
            ["man"],
            {"topn": 0},
            r"topn must be a whole number from 1 to 1000; got 0",
        ),
        (
            ["king", "woman"],
            ["man"],
            {"topn": 1001},
            r"topn must be a whole number from 1 to 1000; got 1001",
        ),
        (["king", "woman"], ["man"], {"topn": 2.5}, r"topn must be .*; got 2\.5"),
        (["king", "woman"], ["man"], {"topn": True}, r"topn must be .*; got True"),
    ],
)
def test_bad_queries_raise_input_errors(glove, positive, negative, kwargs, match):
    with pytest.raises(InputError, match=match):
        analogy(glove, positive, negative, **kwargs)
