"""core.geometry.benchmarks: the bundled WordSim-353 and SimLex-999, and figures equal to gensim's
``KeyedVectors.evaluate_word_pairs`` on GloVe (whole, cut to its first 20,000 words, and with a
transform), plus the sentence model's path."""

from __future__ import annotations

import numpy as np
import pytest
from gensim.models import KeyedVectors

from core.errors import InputError
from core.geometry.benchmarks import BENCHMARKS, DATA, BenchmarkResult, evaluate, read_pairs
from core.models.registry import WordEmbedder

FILES = {"wordsim353": DATA / "wordsim353.tsv", "simlex999": DATA / "simlex999.txt"}
KEYS = list(FILES)


def _keyed(vocabulary, vectors) -> KeyedVectors:
    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors(list(vocabulary), np.asarray(vectors, dtype=np.float32))
    return kv


@pytest.fixture(scope="module")
def kv(glove) -> KeyedVectors:
    return _keyed(glove.vocabulary, glove.vectors)


def _assert_equals_gensim(ours: BenchmarkResult, kv: KeyedVectors, key: str, restrict: int):
    pearson, spearman, oov_percent = kv.evaluate_word_pairs(FILES[key], restrict_vocab=restrict)
    assert ours.spearman == pytest.approx(spearman.statistic, abs=1e-7)
    assert ours.pearson == pytest.approx(pearson.statistic, abs=1e-7)
    assert ours.oov_share * 100 == pytest.approx(oov_percent, abs=1e-12)


# --- the bundled files -----------------------------------------------------------------------


def test_the_files_are_inside_the_project_and_have_every_pair():
    root = DATA.parents[2]
    for path in FILES.values():
        assert path.is_file() and path.relative_to(root).parts[:3] == ("core", "geometry", "data")
    assert {k: len(b.pairs) for k, b in BENCHMARKS.items()} == {"wordsim353": 353, "simlex999": 999}
    assert (DATA / "BENCHMARKS.md").is_file()


@pytest.mark.parametrize("key", KEYS)
def test_every_pair_is_two_words_and_a_score_from_0_to_10(key):
    benchmark = BENCHMARKS[key]
    assert benchmark.key == key and benchmark.title and "http" in benchmark.source
    for first, second, score in benchmark.pairs:
        assert first and second and " " not in first + second and not first.startswith("#")
        assert 0 <= score <= 10
    comments = [line for line in FILES[key].read_text().splitlines() if line.startswith("#")]
    assert len(comments) == 2  # a title line and a header line, as in gensim's copies


def test_known_pairs_read_as_in_the_files():
    assert BENCHMARKS["wordsim353"].pairs[:2] == (("love", "sex", 6.77), ("tiger", "cat", 7.35))
    assert ("Jerusalem", "Israel", 8.46) in BENCHMARKS["wordsim353"].pairs
    assert BENCHMARKS["simlex999"].pairs[0] == ("old", "new", 1.58)


def test_a_malformed_line_is_named(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("# header\n\ncat\tdog\t7.5\ncat dog 7.5\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"pairs.tsv, line 4: expected word1<TAB>word2<TAB>score"):
        read_pairs(path)
    path.write_text("# header\n\ncat\tdog\t7.5\n", encoding="utf-8")
    assert read_pairs(path) == (("cat", "dog", 7.5),)


# --- equal to gensim -------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_glove_equals_gensim_over_the_whole_vocabulary(glove, kv, key):
    ours = evaluate(glove, key)
    _assert_equals_gensim(ours, kv, key, restrict=len(glove.vocabulary))
    assert ours.pairs_used == ours.pairs_total == len(BENCHMARKS[key].pairs)
    assert ours.oov_share == 0 and ours.missing == ()


def test_gensims_default_looks_at_fewer_words_than_we_do(kv):
    # restrict_vocab=300000 by default: SimLex-999's 'disorganize' is GloVe's 341,458th word.
    _, _, oov_percent = kv.evaluate_word_pairs(FILES["simlex999"])
    assert oov_percent == pytest.approx(100 / 999)


@pytest.mark.parametrize("key", KEYS)
def test_missing_words_skip_their_pairs_as_in_gensim(glove, kv, key):
    n = 20_000
    small = WordEmbedder("glove-20k", glove.vocabulary[:n], np.asarray(glove.vectors[:n]))
    ours = evaluate(small, key)
    _assert_equals_gensim(ours, kv, key, restrict=n)
    pairs = BENCHMARKS[key].pairs
    lacking = {w for a, b, _ in pairs for w in (a, b) if w.lower() not in small.index}
    assert set(ours.missing) == lacking and len(ours.missing) == len(lacking) > 0
    assert ours.pairs_used == sum(a not in lacking and b not in lacking for a, b, _ in pairs)
    assert ours.oov_share == pytest.approx(1 - ours.pairs_used / ours.pairs_total)


@pytest.mark.parametrize("key", KEYS)
def test_a_transform_equals_gensim_on_the_transformed_matrix(glove, key):
    mean = np.asarray(glove.vectors, dtype=np.float64).mean(axis=0)
    centred = (np.asarray(glove.vectors, dtype=np.float64) - mean).astype(np.float32)
    ours = evaluate(glove, key, transform=lambda v: v - mean)
    _assert_equals_gensim(ours, _keyed(glove.vocabulary, centred), key, restrict=len(centred))
    assert ours.spearman != pytest.approx(evaluate(glove, key).spearman, abs=1e-4)


def test_a_transform_may_change_the_width_but_not_the_rows(glove):
    first_ten = evaluate(glove, "simlex999", transform=lambda v: v[:, :10])
    assert -1 <= first_ten.spearman <= 1 and first_ten.pairs_used == 999
    with pytest.raises(InputError, match=r"one row per word, a matrix of \d+ rows; got shape"):
        evaluate(glove, "simlex999", transform=lambda v: v[:5])


def test_equal_cosines_everywhere_give_nan_not_an_error(glove):
    flat = evaluate(glove, "wordsim353", transform=lambda v: np.ones_like(v))
    assert np.isnan(flat.spearman) and np.isnan(flat.pearson)


# --- errors ----------------------------------------------------------------------------------


def test_an_unknown_benchmark_names_the_known_ones(glove):
    with pytest.raises(InputError, match=r"Unknown benchmark: 'men'.*'wordsim353', 'simlex999'"):
        evaluate(glove, "men")


def test_a_model_lacking_almost_every_word_is_told_so():
    tiny = WordEmbedder("tiny", ["love", "sex", "zebra"], np.eye(3, dtype=np.float32))
    with pytest.raises(InputError, match=r"tiny has the words of only 1 of the 353 pairs"):
        evaluate(tiny, "wordsim353")


# --- the sentence model ----------------------------------------------------------------------


@pytest.mark.slow  # about 1,400 words encoded: 20 s on the 2-core machine
@pytest.mark.parametrize("key", KEYS)
def test_the_sentence_model_encodes_every_word_and_ranks_pairs_like_people(minilm, key):
    result = evaluate(minilm, key)
    assert result.pairs_used == result.pairs_total and result.oov_share == 0
    assert result.missing == ()
    assert result.spearman > 0.3 and result.pearson > 0.3
