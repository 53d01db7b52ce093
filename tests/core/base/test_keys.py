"""Keys: a set's key is its content's digest, worked out once per list or read-only array."""

from __future__ import annotations

import numpy as np

from core import keys


def test_texts_key_is_the_digest_and_equal_contents_share_it():
    texts = ["cat", "dog", "**bold**"]
    assert keys.texts_key(texts) == keys.digest(texts)
    assert keys.texts_key(list(texts)) == keys.texts_key(texts)
    assert keys.texts_key(["cat", "dog"]) != keys.texts_key(texts)


def test_a_read_only_array_is_hashed_once_a_writable_one_every_time(monkeypatch):
    frozen = np.arange(12, dtype=np.float32).reshape(3, 4)
    frozen.setflags(write=False)
    first = keys.digest(frozen)
    calls = []
    real = keys.hashlib.blake2b
    monkeypatch.setattr(keys.hashlib, "blake2b", lambda **kw: calls.append(kw) or real(**kw))
    assert keys.digest(frozen) == first
    assert len(calls) == 1  # only digest()'s own hash: the array's bytes were not read again
    writable = frozen.copy()
    assert keys.digest(writable) == first  # same content, same key
    assert len(calls) == 3  # digest() + the array hashed anew
    writable[0, 0] = 99
    assert keys.digest(writable) != first
