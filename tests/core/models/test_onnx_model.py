"""core.models.int8: the bundled MiniLM in int8 through ONNX Runtime, against the float model.

The real export and quantisation run once per test session, into a temporary cache folder.
Agreement measured here (200 texts of the bundled sets): mean cosine 0.988 (lowest 0.962), mean
10-nearest-neighbour overlap 0.88; the thresholds sit just under.
"""

from __future__ import annotations

import numpy as np
import pytest

from core.cache import EncodingCache
from core.errors import InputError, ModelLoadError
from core.geometry.shape import overlap
from core.io.datasets import glove_top, list_datasets
from core.models.int8 import bundled_folder, ensure_int8_file, int8_path
from core.models.registry import (
    DEFAULT_MODEL,
    INT8_MODEL,
    SentenceEmbedder,
    available_models,
    load_model,
)
from core.neighbours.knn import knn_graph


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("int8-cache")


@pytest.fixture(scope="module")
def int8(cache_dir):
    return load_model(INT8_MODEL, cache_dir=cache_dir)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """200 varied texts: every text of the sentence model's bundled sets (words, sentences,
    documents; not the 400 support tickets, which came later: their figures are the bench's),
    then frequent GloVe words to fill up."""
    sets = [d for d in list_datasets() if d.model == DEFAULT_MODEL and d.name != "support-tickets"]
    out = list(dict.fromkeys(t for d in sets for t in d.texts))
    words = [w for w in glove_top(2000).texts[300:] if w.isalpha() and w not in out]
    return out + words[: 200 - len(out)]


@pytest.fixture(scope="module")
def both(int8, minilm, texts) -> tuple[np.ndarray, np.ndarray]:
    return minilm.encode(texts), int8.encode(texts)


def test_the_registry_offers_it_as_a_bundled_sentence_model():
    info = next(m for m in available_models() if m.name == INT8_MODEL)
    assert (info.kind, info.dim, info.bundled) == ("sentence", 384, True)
    assert "int8" in info.description and "ONNX Runtime" in info.description


def test_int8_vectors_are_unit_float32_rows_of_384(int8, both, texts):
    assert (int8.name, int8.kind, int8.dim, int8.max_tokens) == (INT8_MODEL, "sentence", 384, 256)
    vectors = both[1]
    assert vectors.shape == (len(texts), 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_int8_vectors_point_where_the_float_ones_do(both):
    cos = np.einsum("ij,ij->i", *both)
    assert cos.mean() >= 0.98, cos.mean()
    assert cos.min() >= 0.95, cos.min()


def test_int8_keeps_most_of_each_texts_ten_nearest_neighbours(both):
    f32, i8 = (knn_graph(v, 10)[0] for v in both)
    shared = overlap(f32, i8)
    assert shared.mean() >= 0.85, shared.mean()


def test_the_cat_kitten_dog_order_holds(int8):
    cat, kitten, dog = int8.encode(["cat", "kitten", "dog"])
    assert cat @ kitten > cat @ dog > dog @ kitten


def test_the_onnx_file_is_exported_once_and_reused(int8, cache_dir):
    path = int8.model.onnx_file
    assert path == int8_path(bundled_folder(), cache_dir) and path.parent == cache_dir / "onnx"
    before = path.stat().st_mtime_ns
    again = load_model(INT8_MODEL, cache_dir=cache_dir)
    assert again.model.onnx_file == path and path.stat().st_mtime_ns == before
    assert ensure_int8_file(cache_dir=cache_dir) == path
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_a_failed_export_says_why_and_leaves_no_file(tmp_path):
    with pytest.raises(ModelLoadError, match=r"Could not build the int8 ONNX model from .*empty"):
        ensure_int8_file(tmp_path / "empty", cache_dir=tmp_path / "cache")
    assert not any((tmp_path / "cache" / "onnx").iterdir())


def test_int8_and_float_keep_apart_in_one_encoding_cache(int8, tmp_path):
    shared = SentenceEmbedder(INT8_MODEL, int8.model, EncodingCache(tmp_path))  # no new export
    text = ["Cached under one model, never served for the other"]
    quantised = shared.encode(text)
    float_model = load_model(DEFAULT_MODEL, cache_dir=tmp_path)
    np.testing.assert_allclose(float_model.encode(text), float_model.model.encode(text), atol=1e-6)
    assert not np.allclose(float_model.encode(text), quantised, atol=1e-4)
    assert shared.cache.count(INT8_MODEL) == 1


def test_empty_and_odd_texts_behave_like_the_float_model(int8, minilm):
    odd = ["", "   ", "word " * 400, "émoji 🙂\nnew line"]
    got, want = int8.encode(odd), minilm.encode(odd)
    assert got.shape == want.shape == (4, 384)
    assert np.einsum("ij,ij->i", got, want).min() > 0.95
    assert int8.encode([]).shape == (0, 384)
    assert int8.token_counts(odd) == minilm.token_counts(odd)


def test_progress_reaches_the_total(int8):
    calls = []
    int8.encode(
        [f"progress sentence {i}" for i in range(5)], progress=lambda d, t: calls.append((d, t))
    )
    assert calls[-1] == (5, 5)


@pytest.mark.parametrize(
    ("bad", "match"),
    [("one string", "wrap it in a list"), (["ok", 3], "must be text; got 1 of type int")],
)
def test_bad_input_fails_like_the_float_model(int8, minilm, bad, match):
    for model in (int8, minilm):
        with pytest.raises(InputError, match=match):
            model.encode(bad)


def test_token_vectors_match_the_float_models_tokens(int8, minilm):
    sentence = "I sat by the river bank"
    tokens, offsets, vectors = int8.token_vectors(sentence)
    want_tokens, want_offsets, want_vectors = minilm.token_vectors(sentence)
    assert (tokens, offsets) == (want_tokens, want_offsets)
    assert vectors.shape == want_vectors.shape == (len(tokens), 384)
    cos = np.einsum("ij,ij->i", vectors, want_vectors) / (
        np.linalg.norm(vectors, axis=1) * np.linalg.norm(want_vectors, axis=1)
    )
    assert cos.mean() > 0.95
