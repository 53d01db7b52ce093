"""Cache keys: a set's key is its content's digest, worked out once per list or read-only array."""

from __future__ import annotations

import numpy as np

from components import resources


def test_texts_key_is_the_digest_and_equal_contents_share_it():
    texts = ["cat", "dog", "**bold**"]
    assert resources.texts_key(texts) == resources.digest(texts)
    assert resources.texts_key(list(texts)) == resources.texts_key(texts)
    assert resources.texts_key(["cat", "dog"]) != resources.texts_key(texts)


def test_a_read_only_array_is_hashed_once_a_writable_one_every_time(monkeypatch):
    frozen = np.arange(12, dtype=np.float32).reshape(3, 4)
    frozen.setflags(write=False)
    first = resources.digest(frozen)
    calls = []
    real = resources.hashlib.blake2b
    monkeypatch.setattr(resources.hashlib, "blake2b", lambda **kw: calls.append(kw) or real(**kw))
    assert resources.digest(frozen) == first
    assert len(calls) == 1  # only digest()'s own hash: the array's bytes were not read again
    writable = frozen.copy()
    assert resources.digest(writable) == first  # same content, same key
    assert len(calls) == 3  # digest() + the array hashed anew
    writable[0, 0] = 99
    assert resources.digest(writable) != first


def test_dedupe_keeps_the_first_of_each_text_and_copies_the_vectors_once():
    from components.frame.items import Items, dedupe

    vectors = np.arange(8, dtype=np.float32).reshape(4, 2)
    vectors.setflags(write=False)
    items = Items("t", ["a", "b", "a", "c"], ["x", "y", "x", "z"], None, vectors,
                  columns={"n": [1, 2, 3, 4]})  # fmt: skip
    once = dedupe(items)
    assert once.texts == ["a", "b", "c"] and once.columns == {"n": [1, 2, 4]}
    assert np.array_equal(once.vectors, vectors[[0, 1, 3]])
    assert "Repeated item(s) shown once: a." in once.notes
    assert dedupe(items).vectors is once.vectors  # the next rerun reuses the copy
