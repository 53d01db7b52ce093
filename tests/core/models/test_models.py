"""core.models.registry: the registry, both bundled models, and how loading fails."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from core.errors import InputError, ModelLoadError, OutOfVocabularyError
from core.models.registry import DEFAULT_MODEL, GLOVE, INT8_MODEL, available_models, load_model


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


# --- registry -------------------------------------------------------------------------------


def test_available_models_lists_the_bundled_models_default_first():
    models = available_models()
    assert [(m.name, m.kind, m.dim, m.bundled) for m in models] == [
        (DEFAULT_MODEL, "sentence", 384, True),
        (INT8_MODEL, "sentence", 384, True),
        (GLOVE, "word", 50, True),
    ]
    assert all(m.description for m in models)


def test_available_models_returns_a_copy():
    available_models().clear()
    assert len(available_models()) == 3


# --- the sentence model ---------------------------------------------------------------------


def test_minilm_encodes_float32_rows_of_its_dimension(minilm):
    assert (minilm.name, minilm.kind, minilm.dim) == (DEFAULT_MODEL, "sentence", 384)
    out = minilm.encode(["cat", "A feline rests on the carpet", "dog"])
    assert out.shape == (3, 384)
    assert out.dtype == np.float32
    assert np.isfinite(out).all()


def test_minilm_encodes_an_empty_list_to_an_empty_matrix(minilm):
    out = minilm.encode([])
    assert out.shape == (0, 384)
    assert out.dtype == np.float32


def test_minilm_puts_cat_closer_to_kitten_than_to_dog(minilm):
    cat, kitten, dog = minilm.encode(["cat", "kitten", "dog"])
    assert _cos(cat, kitten) == pytest.approx(0.788, abs=0.005)
    assert _cos(cat, dog) == pytest.approx(0.661, abs=0.005)
    assert _cos(cat, kitten) > _cos(cat, dog)


def test_minilm_reports_progress_up_to_n_of_n(minilm, glove, tmp_path):
    # More than one chunk (256 texts), with repeats, on a fresh cache so the model runs.
    model = load_model(DEFAULT_MODEL, cache_dir=tmp_path)
    texts = glove.vocabulary[1000:1270] + glove.vocabulary[1000:1010]
    calls: list[tuple[int, int]] = []
    model.encode(texts, batch_size=16, progress=lambda done, total: calls.append((done, total)))
    n = len(texts)
    assert calls[0] == (0, n)
    assert calls[-1] == (n, n)
    assert len(calls) >= 3  # the start, then one call per chunk
    assert all(total == n for _, total in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done)


def test_minilm_progress_on_a_full_cache_hit_is_n_of_n_at_once(minilm):
    minilm.encode(["progress", "hit"])
    calls: list[tuple[int, int]] = []
    minilm.encode(["progress", "hit"], progress=lambda d, t: calls.append((d, t)))
    assert calls == [(2, 2)]


@pytest.mark.parametrize(
    ("texts", "match"),
    [
        ("cat", r"got one string \('cat'\): wrap it in a list"),
        (["cat", 3], r"must be text; got 1 of type int"),
        (["cat", None, b"x"], r"got 2 of type NoneType"),
    ],
)
def test_encode_refuses_what_is_not_a_list_of_texts(minilm, glove, texts, match):
    for model in (minilm, glove):
        with pytest.raises(InputError, match=match):
            model.encode(texts)


# --- the word model -------------------------------------------------------------------------


def test_glove_encodes_float32_rows_of_its_dimension(glove):
    assert (glove.name, glove.kind, glove.dim) == (GLOVE, "word", 50)
    assert len(glove.vocabulary) == 400_000
    out = glove.encode(["the", "cat", "Kitten ", "dog"])
    assert out.shape == (4, 50)
    assert out.dtype == np.float32
    # lookups are case- and space-insensitive, and give the stored row
    np.testing.assert_array_equal(out[2], glove.vectors[glove.index["kitten"]])
    assert glove.encode([]).shape == (0, 50)


def test_glove_is_loaded_once(glove):
    assert load_model(GLOVE) is glove


def test_glove_reports_progress_n_of_n(glove):
    calls = []
    glove.encode(["cat", "dog", "cat"], progress=lambda d, t: calls.append((d, t)))
    assert calls == [(3, 3)]


def test_glove_puts_cat_closer_to_dog_than_to_kitten(glove):
    # GloVe is a co-occurrence model: "cat" sits nearer "dog" than "kitten". Pin it, since pages
    # use this contrast to explain the two kinds of model.
    cat, kitten, dog = glove.encode(["cat", "kitten", "dog"])
    assert _cos(cat, dog) > _cos(cat, kitten)


def test_glove_oov_error_names_every_missing_word(glove):
    words = ["cat", "zzqxv", "dog", "qwertyuiopasdf", "zzqxv", "notawordatallxx"]
    with pytest.raises(
        OutOfVocabularyError,
        match=r"^3 words are not in the glove-6B-50d vocabulary: "
        r"'zzqxv', 'qwertyuiopasdf', 'notawordatallxx'\. Check the spelling",
    ) as info:
        glove.encode(words)
    assert info.value.missing == ["zzqxv", "qwertyuiopasdf", "notawordatallxx"]
    assert isinstance(info.value, InputError)


def test_glove_oov_error_with_one_word_says_word_is(glove):
    with pytest.raises(OutOfVocabularyError, match=r"^1 word is not in .*'zzqxv'"):
        glove.encode(["zzqxv"])


def test_glove_oov_error_shortens_long_lists(glove):
    missing = [f"zzqxv{i}" for i in range(25)]
    with pytest.raises(OutOfVocabularyError, match=r"^25 words .*'zzqxv19' and 5 more\.") as info:
        glove.encode(missing)
    assert info.value.missing == missing


@pytest.mark.parametrize("word", ["nan", "null", "none", "true", "n/a"])
def test_words_a_csv_reader_would_turn_into_missing_values_are_real_glove_words(glove, word):
    assert word in glove.index
    assert np.isfinite(glove.encode([word])).all()


# --- loading failures -----------------------------------------------------------------------


def test_unknown_hub_name_offline_fails_fast_naming_the_model_and_the_bundled_ones(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    name = "someone/no-such-model-xyz"
    start = time.monotonic()
    with pytest.raises(
        ModelLoadError,
        match=re.escape(repr(name))
        + r".*offline.*"
        + re.escape(f"{DEFAULT_MODEL!r}, {INT8_MODEL!r}, {GLOVE!r}"),
    ):
        load_model(name, cache_dir=tmp_path)
    assert time.monotonic() - start < 10


@pytest.mark.parametrize("name", ["", "   ", None])
def test_empty_model_name_errors(name, tmp_path):
    with pytest.raises(ModelLoadError, match=r"No model name given\. Bundled models: 'all-MiniLM"):
        load_model(name, cache_dir=tmp_path)


def test_a_folder_that_is_not_a_model_errors(tmp_path):
    folder = tmp_path / "not-a-model"
    folder.mkdir()
    (folder / "notes.txt").write_text("just notes")
    with pytest.raises(
        ModelLoadError,
        match=re.escape(repr(str(folder))) + r" is not a sentence-transformers model.*Bundled",
    ):
        load_model(str(folder), cache_dir=tmp_path / "cache")


def test_an_encoding_stopped_between_chunks_keeps_what_it_did(tmp_path):
    """Stop (or any rerun) interrupts an encoding at its next progress report; the chunks done
    by then are cached, so the next run goes on from there instead of starting again."""
    model = load_model(DEFAULT_MODEL, cache_dir=tmp_path)
    texts = [f"sentence number {i}" for i in range(700)]

    class Stopped(Exception):
        pass

    def stop_after_first_chunk(done: int, total: int) -> None:
        if done > 0:
            raise Stopped

    with pytest.raises(Stopped):
        model.encode(texts, progress=stop_after_first_chunk)
    kept = model.cache.count(DEFAULT_MODEL)
    assert 0 < kept < len(texts)  # one chunk kept, the rest not started
    seen = []
    vectors = model.encode(texts, progress=lambda done, total: seen.append(done))
    assert seen[0] == kept  # the second run starts from what the first one did
    np.testing.assert_allclose(vectors[:3], model.model.encode(texts[:3]), atol=1e-5)
