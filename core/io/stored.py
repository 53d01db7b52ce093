"""Datasets a user brought, kept on the server under a hash of their content, so a reload of
the browser tab (which starts a new session) finds them again from the address (``?data=…``).

Policy: a set is kept for ``MAX_AGE_DAYS`` after it was last opened, and at most ``MAX_SETS``
sets are kept (the least recently opened go first); a set over ``MAX_BYTES`` is not kept (the
page says so). Each set is one folder: ``items.json`` (title, texts, labels, notes, columns)
and, when the set came with its own vectors, ``vectors.npy``; written to a temporary folder
and renamed into place, so a reader never sees half a set.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from core.cache import default_cache_dir
from core.keys import digest

MAX_AGE_DAYS = 7
MAX_SETS = 50
MAX_BYTES = 400 * 2**20


class DatasetStore:
    """Save and load datasets (dicts as the Data page makes them) by content hash."""

    def __init__(self, cache_dir: str | Path | None = None) -> None:
        self.folder = Path(cache_dir or default_cache_dir()) / "datasets"
        self.folder.mkdir(parents=True, exist_ok=True)

    def save(self, data: dict) -> str | None:
        """Keep a dataset; its key (a hex digest), or None when it is too large to keep."""
        vectors = data.get("vectors")
        items = {k: data.get(k) for k in ("title", "texts", "labels", "notes", "columns")}
        text = json.dumps(items, ensure_ascii=False, default=_plain)
        size = len(text) + (vectors.nbytes if vectors is not None else 0)
        if size > MAX_BYTES:
            return None
        key = digest(text, vectors, size=12)
        target = self.folder / key
        if not target.exists():
            tmp = Path(tempfile.mkdtemp(prefix=".new-", dir=self.folder))
            (tmp / "items.json").write_text(text, encoding="utf-8", errors="surrogatepass")
            if vectors is not None:
                np.save(tmp / "vectors.npy", vectors, allow_pickle=False)
            try:
                os.replace(tmp, target)
            except OSError:  # another session saved the same set meanwhile
                shutil.rmtree(tmp, ignore_errors=True)
        self._touch(target)
        self.prune()
        return key

    def load(self, key: str) -> dict | None:
        """The dataset kept under key, or None (unknown, expired, or unreadable)."""
        if not (
            isinstance(key, str) and len(key) == 24 and all(c in "0123456789abcdef" for c in key)
        ):
            return None
        folder = self.folder / key
        try:
            data = json.loads(
                (folder / "items.json").read_text(encoding="utf-8", errors="surrogatepass")
            )
            vec = folder / "vectors.npy"
            data["vectors"] = np.load(vec, allow_pickle=False) if vec.exists() else None
        except (OSError, ValueError):
            return None
        if data["vectors"] is not None:
            data["vectors"].setflags(write=False)
        self._touch(folder)
        return data

    def prune(self, now: float | None = None) -> None:
        """Remove sets unopened for MAX_AGE_DAYS, then the oldest beyond MAX_SETS."""
        now = time.time() if now is None else now
        sets = sorted(
            (p for p in self.folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=_opened, reverse=True,
        )  # fmt: skip
        for i, folder in enumerate(sets):
            if i >= MAX_SETS or now - _opened(folder) > MAX_AGE_DAYS * 86400:
                shutil.rmtree(folder, ignore_errors=True)

    @staticmethod
    def _touch(folder: Path) -> None:
        with contextlib.suppress(OSError):
            os.utime(folder)


def _opened(folder: Path) -> float:
    try:
        return folder.stat().st_mtime
    except OSError:
        return 0.0


def _plain(value):
    """JSON for the numpy scalars a table's columns may hold."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot keep a {type(value).__name__}")
