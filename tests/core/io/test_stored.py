"""Users' datasets kept across reloads: same set back, keyed by content, expiring by policy."""

from __future__ import annotations

import os
import time

import numpy as np

from core.io import stored
from core.io.stored import DatasetStore

SET = {
    "title": "scores", "texts": ["cat", "dog", "é 🐱"], "labels": ["a", "b", "a"],
    "notes": ["a note"], "columns": {"id": [1, 2, 3], "score": [0.5, None, np.float64(2.5)]},
}  # fmt: skip


def test_a_set_comes_back_whole_with_its_vectors(tmp_path):
    store = DatasetStore(tmp_path)
    vectors = np.random.default_rng(0).normal(size=(3, 4)).astype(np.float32)
    key = store.save({**SET, "vectors": vectors})
    back = DatasetStore(tmp_path).load(key)  # another process, same folder
    assert {k: back[k] for k in ("title", "texts", "labels", "notes")} == {
        k: SET[k] for k in ("title", "texts", "labels", "notes")
    }
    assert back["columns"] == {"id": [1, 2, 3], "score": [0.5, None, 2.5]}
    np.testing.assert_array_equal(back["vectors"], vectors)
    assert store.save({**SET, "vectors": vectors}) == key  # same content, same key
    assert store.save({**SET, "vectors": vectors + 1}) != key


def test_unknown_or_malformed_keys_give_nothing(tmp_path):
    store = DatasetStore(tmp_path)
    assert store.load("0" * 24) is None
    assert store.load("../../etc/passwd") is None
    assert store.load("") is None


def test_sets_expire_after_a_week_unopened_and_beyond_the_count(tmp_path, monkeypatch):
    store = DatasetStore(tmp_path)
    old = store.save({**SET, "title": "old", "vectors": None})
    new = store.save({**SET, "title": "new", "vectors": None})
    week = stored.MAX_AGE_DAYS * 86400
    os.utime(store.folder / old, (time.time() - week - 60,) * 2)
    store.prune()
    assert store.load(old) is None and store.load(new) is not None
    monkeypatch.setattr(stored, "MAX_SETS", 2)
    keys = [store.save({**SET, "title": f"t{i}", "vectors": None}) for i in range(3)]
    assert [store.load(k) is not None for k in keys] == [False, True, True]


def test_a_set_too_large_is_not_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(stored, "MAX_BYTES", 1000)
    assert DatasetStore(tmp_path).save({**SET, "vectors": np.zeros((100, 10), np.float32)}) is None
