"""The frame's items: repeated texts kept once, with the vectors copied once per set."""

from __future__ import annotations

import numpy as np


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
