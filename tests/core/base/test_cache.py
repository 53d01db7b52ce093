"""core.cache and the sentence model's use of it: hits skip the model, the cache outlives the
process, and it stays whole when a writer is killed or several write at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import _cache_writer as writer
import numpy as np
import pytest

from core.cache import CACHE_ENV, ArrayCache, EncodingCache, default_cache_dir, text_key
from core.models.registry import DEFAULT_MODEL, SentenceEmbedder, load_model

WRITER = Path(writer.__file__)
ROOT = Path(__file__).resolve().parents[3]


@contextmanager
def counting_encode(embedder: SentenceEmbedder) -> Iterator[list[list[str]]]:
    """Record every call to the real model's encode (the texts it got); the model still runs."""
    real = embedder.model.encode
    calls: list[list[str]] = []

    def encode(texts, *args, **kwargs):
        calls.append(list(texts))
        return real(texts, *args, **kwargs)

    embedder.model.encode = encode
    try:
        yield calls
    finally:
        del embedder.model.encode  # back to the class's method; the shared model is unchanged


@pytest.fixture
def fresh(minilm, tmp_path) -> SentenceEmbedder:
    """The session's sentence model behind an empty cache in tmp_path (no second model load)."""
    return SentenceEmbedder(minilm.name, minilm.model, EncodingCache(tmp_path))


# --- the sentence model through the cache --------------------------------------------------


def test_a_cache_hit_calls_no_model_and_returns_identical_vectors(fresh):
    texts = ["The cat sits on the mat", "A feline rests on the carpet", "dog"]
    with counting_encode(fresh) as calls:
        first = fresh.encode(texts)
    assert len(calls) == 1  # the real model computed the first time
    with counting_encode(fresh) as calls:
        second = fresh.encode(texts)
    assert calls == []
    np.testing.assert_array_equal(second, first)
    assert second.dtype == np.float32


def test_the_cache_survives_a_restart(tmp_path):
    texts = ["cat", "kitten", "a sentence about the sea"]
    first = load_model(DEFAULT_MODEL, cache_dir=tmp_path).encode(texts)
    assert EncodingCache(tmp_path).count(DEFAULT_MODEL) == 3

    restarted = load_model(DEFAULT_MODEL, cache_dir=tmp_path)
    with counting_encode(restarted) as calls:
        second = restarted.encode(list(reversed(texts)))
    assert calls == []
    np.testing.assert_array_equal(second, first[::-1])


def test_repeats_within_one_call_are_encoded_once(fresh):
    texts = ["cat", "dog", "cat", "cat", "dog", "bird"]
    with counting_encode(fresh) as calls:
        out = fresh.encode(texts)
    assert sorted(t for call in calls for t in call) == ["bird", "cat", "dog"]
    np.testing.assert_array_equal(out[0], out[2])
    np.testing.assert_array_equal(out[0], out[3])
    np.testing.assert_array_equal(out[1], out[4])
    assert fresh.cache.count(DEFAULT_MODEL) == 3


def test_partial_hits_encode_only_the_new_texts(fresh):
    old = fresh.encode(["cat", "dog"])
    with counting_encode(fresh) as calls:
        out = fresh.encode(["kitten", "dog", "puppy", "cat", "kitten"])
    assert sorted(t for call in calls for t in call) == ["kitten", "puppy"]
    np.testing.assert_array_equal(out[1], old[1])
    np.testing.assert_array_equal(out[3], old[0])
    np.testing.assert_array_equal(out[0], out[4])
    # what the model computes for the new texts is what was returned
    np.testing.assert_allclose(out[[0, 2]], fresh.model.encode(["kitten", "puppy"]), atol=1e-5)


def test_cached_vectors_match_what_the_model_computes(fresh):
    texts = ["Machine learning is a subset of artificial intelligence", "x"]
    direct = fresh.model.encode(texts, convert_to_numpy=True)
    fresh.encode(texts)
    np.testing.assert_allclose(fresh.encode(texts), direct, atol=1e-5)


def test_the_cache_is_per_model_name(minilm, tmp_path):
    cache = EncodingCache(tmp_path)
    a = SentenceEmbedder("model-a", minilm.model, cache)
    b = SentenceEmbedder("model-b", minilm.model, cache)
    a.encode(["cat"])
    with counting_encode(b) as calls:
        b.encode(["cat"])
    assert calls == [["cat"]]
    assert (cache.count("model-a"), cache.count("model-b"), cache.count()) == (1, 1, 2)


# --- EncodingCache itself -------------------------------------------------------------------


def test_put_then_get_returns_every_position_including_repeats(tmp_path):
    cache = EncodingCache(tmp_path)
    texts = [f"t{i}" for i in range(1200)]  # more than one SQL chunk of 500
    vectors = np.arange(1200 * 4, dtype=np.float32).reshape(1200, 4)
    cache.put_many("m", texts, vectors)
    found = cache.get_many("m", ["t5", "nope", "t1199", "t5"], 4)
    assert sorted(found) == [0, 2, 3]
    np.testing.assert_array_equal(found[0], vectors[5])
    np.testing.assert_array_equal(found[2], vectors[1199])
    np.testing.assert_array_equal(found[3], vectors[5])
    assert len(cache.get_many("m", texts, 4)) == 1200


def test_get_misses_another_model_or_dimension(tmp_path):
    cache = EncodingCache(tmp_path)
    cache.put_many("m", ["cat"], np.ones((1, 4), np.float32))
    assert cache.get_many("other", ["cat"], 4) == {}
    assert cache.get_many("m", ["cat"], 8) == {}
    assert cache.get_many("m", [], 4) == {}


def test_put_replaces_the_old_vector(tmp_path):
    cache = EncodingCache(tmp_path)
    cache.put_many("m", ["cat"], np.zeros((1, 3), np.float32))
    cache.put_many("m", ["cat"], np.ones((1, 3), np.float32))
    np.testing.assert_array_equal(cache.get_many("m", ["cat"], 3)[0], [1, 1, 1])
    assert cache.count() == 1


def test_texts_are_keyed_exactly(tmp_path):
    cache = EncodingCache(tmp_path)
    texts = ["cat", "Cat", "cat ", "caf\u00e9", "cafe\u0301", "\U0001f408", "a\x00b", "a"]
    cache.put_many("m", texts, np.eye(len(texts), dtype=np.float32))
    found = cache.get_many("m", texts, len(texts))
    for i in range(len(texts)):
        assert found[i].argmax() == i
    assert text_key("m", "a\x00b") != text_key("m", "a")
    assert text_key("m1", "x") != text_key("m", "1x")  # the model name is separated from the text


def test_default_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "explicit"))
    assert default_cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "embedding-explorer"


def test_threads_share_one_cache_object(tmp_path):
    # Streamlit serves each session from its own thread, through one cached EncodingCache.
    cache = EncodingCache(tmp_path)
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            for b in range(5):
                numbers = range(t * 100 + b * 20, t * 100 + b * 20 + 40)  # overlapping batches
                cache.put_many("m", [str(i) for i in numbers], writer.vectors_of(numbers)[:, :8])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    numbers = range(0, 420)  # the union of what the threads wrote
    found = cache.get_many("m", [str(i) for i in numbers], 8)
    assert len(found) == cache.count() == 420
    np.testing.assert_array_equal(
        np.stack([found[i] for i in numbers]), writer.vectors_of(numbers)[:, :8]
    )


# --- crashes and concurrent processes -------------------------------------------------------


def _check_database(cache_dir: Path) -> EncodingCache:
    cache = EncodingCache(cache_dir)  # opening recovers the write-ahead log of a killed writer
    con = sqlite3.connect(cache.path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        shapes = set(con.execute("SELECT model, dim, length(vector) FROM vectors").fetchall())
    finally:
        con.close()
    assert shapes <= {(writer.MODEL, writer.DIM, writer.DIM * 4)}
    return cache


def _stored(cache: EncodingCache, numbers) -> dict[int, np.ndarray]:
    numbers = list(numbers)
    found = cache.get_many(writer.MODEL, [writer.text_of(i) for i in numbers], writer.DIM)
    return {numbers[pos]: vec for pos, vec in found.items()}


@pytest.mark.slow  # 16 writer processes: about 8 s on an idle machine
def test_a_writer_killed_mid_write_leaves_a_whole_database(tmp_path):
    rng = np.random.default_rng(20240611)
    begun: set[int] = set()
    rounds_with_commits = 0
    for seed in range(16):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), "blocks", str(tmp_path), str(seed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        assert proc.stdout.readline() == b"ready\n", proc.stderr.read().decode()
        time.sleep(rng.uniform(0.0, 0.35))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err.decode()  # it was still writing
        lines = out.decode().split()
        begun |= {int(k) for k in lines[1::2]}
        rounds_with_commits += out.count(b"done") > 0

    assert rounds_with_commits >= 8  # most kills landed after writing had begun
    cache = _check_database(tmp_path)
    stored = _stored(
        cache, (i for b in sorted(begun) for i in range(b * writer.BATCH, (b + 1) * writer.BATCH))
    )
    assert cache.count() >= len(stored) > 0  # a block may commit just before the kill, unreported
    for b in begun:  # each block is all there or not there at all
        present = sum(i in stored for i in range(b * writer.BATCH, (b + 1) * writer.BATCH))
        assert present in (0, writer.BATCH), f"block {b} is half written: {present} rows"
    numbers = sorted(stored)
    np.testing.assert_array_equal(
        np.stack([stored[i] for i in numbers]), writer.vectors_of(numbers)
    )


def test_four_processes_write_overlapping_texts_at_once(tmp_path):
    go = tmp_path / "go"
    cache_dir = tmp_path / "cache"  # created by the writers themselves, all at once
    ranges = [(w * 1500, w * 1500 + 3000) for w in range(4)]  # each overlaps the next by half
    procs = [
        subprocess.Popen(
            [sys.executable, str(WRITER), "range", str(cache_dir), str(lo), str(hi), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        for lo, hi in ranges
    ]
    time.sleep(0.5)  # let every writer reach the starting line
    go.touch()
    results = [p.communicate(timeout=120) for p in procs]
    for p, (_, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err.decode()
        assert b"locked" not in err
    cache = _check_database(cache_dir)
    total = ranges[-1][1]
    stored = _stored(cache, range(total))
    assert len(stored) == cache.count() == total
    np.testing.assert_array_equal(
        np.stack([stored[i] for i in range(total)]), writer.vectors_of(range(total))
    )


# --- ArrayCache: map coordinates on disk -------------------------------------------------------


def test_array_cache_round_trip_survives_a_new_cache_object(tmp_path):
    coords = np.random.default_rng(0).normal(size=(50, 2)).astype(np.float32)
    ArrayCache(tmp_path).put("ab12", coords)
    again = ArrayCache(tmp_path).get("ab12")  # as a restarted server would open it
    assert again.dtype == np.float32
    np.testing.assert_array_equal(again, coords)
    assert ArrayCache(tmp_path).get("cd34") is None


def test_array_cache_reads_a_damaged_file_as_missing(tmp_path):
    cache = ArrayCache(tmp_path)
    cache.put("ab12", np.zeros((3, 2), dtype=np.float32))
    (cache.folder / "ab12.npy").write_bytes(b"\x93NUMPY half a file")
    assert cache.get("ab12") is None
    cache.put("ab12", np.ones((3, 2), dtype=np.float32))  # and it can be replaced
    np.testing.assert_array_equal(cache.get("ab12"), np.ones((3, 2)))
    assert not list(cache.folder.glob("*.tmp"))


def test_array_cache_keeps_the_most_recently_used_files(tmp_path):
    cache = ArrayCache(tmp_path, max_files=3)
    for i, key in enumerate(["a1", "b2", "c3"]):
        cache.put(key, np.full((2, 2), i, dtype=np.float32))
        os.utime(cache.folder / f"{key}.npy", (1_000 + i, 1_000 + i))
    assert cache.get("a1") is not None  # used now: the newest
    cache.put("d4", np.zeros((2, 2), dtype=np.float32))
    assert len(cache) == 3
    assert cache.get("b2") is None  # the least recently used went
    assert all(cache.get(k) is not None for k in ("a1", "c3", "d4"))


@pytest.mark.parametrize("key", ["", "../etc/passwd", "AB12", "a/b"])
def test_array_cache_refuses_keys_that_are_not_hex_digests(tmp_path, key):
    with pytest.raises(ValueError, match="ArrayCache keys are lowercase hex digests"):
        ArrayCache(tmp_path).get(key)
