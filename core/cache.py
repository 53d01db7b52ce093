"""On-disk caches: encodings keyed by model name and exact text (:class:`EncodingCache`), and map
coordinates keyed by a digest of their inputs (:class:`ArrayCache`).

Encodings live in SQLite in WAL mode: each batch is written in one transaction, so a process
killed mid-write leaves the previous state intact, and several processes may read and write at
once (writers wait for each other through ``busy_timeout``). Vectors are stored as raw float32
bytes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from pathlib import Path

import numpy as np

from core.keys import digest_bytes

CACHE_ENV = "EMBEDDING_EXPLORER_CACHE"
_CHUNK = 500  # SQLite's default limit on host parameters is 999 or more; stay well below it.


def default_cache_dir() -> Path:
    """The cache folder: ``$EMBEDDING_EXPLORER_CACHE`` if set, else the per-user cache folder."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "embedding-explorer"


def text_key(model: str, text: str) -> bytes:
    """The cache key of one text under one model (a digest, so keys have a fixed size)."""
    return digest_bytes(model, text, size=20)


def _switch_to_wal(con: sqlite3.Connection, tries: int = 200) -> None:
    """Put the database in WAL mode. While another process creates the same new file, SQLite
    answers "database is locked" at once, without calling the busy handler: so wait and retry."""
    for attempt in range(tries):
        try:
            con.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == tries - 1:
                raise
            time.sleep(0.05)


class EncodingCache:
    """Stores and fetches vectors by (model, text).

    Parameters
    ----------
    cache_dir : path, optional
        Folder of the database file ``encodings.sqlite3``; defaults to :func:`default_cache_dir`.
    """

    def __init__(self, cache_dir: str | Path | None = None) -> None:
        self.path = Path(cache_dir or default_cache_dir()) / "encodings.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connect() as con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS vectors ("
                " key BLOB PRIMARY KEY, model TEXT NOT NULL, dim INTEGER NOT NULL,"
                " vector BLOB NOT NULL) WITHOUT ROWID"
            )

    def _connect(self) -> sqlite3.Connection:
        # One connection per thread: Streamlit serves each session from its own thread.
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            con.execute("PRAGMA busy_timeout=60000")
            _switch_to_wal(con)
            con.execute("PRAGMA synchronous=NORMAL")
            self._local.con = con
        return con

    def get_many(self, model: str, texts: list[str], dim: int) -> dict[int, np.ndarray]:
        """Return ``{position: vector}`` for the texts already cached under ``model``."""
        keys = [text_key(model, t) for t in texts]
        where: dict[bytes, list[int]] = {}
        for i, k in enumerate(keys):
            where.setdefault(k, []).append(i)
        found: dict[int, np.ndarray] = {}
        con = self._connect()
        unique = list(where)
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = con.execute(
                f"SELECT key, vector FROM vectors WHERE dim = ? AND key IN ({marks})", (dim, *chunk)
            ).fetchall()
            for key, blob in rows:
                vec = np.frombuffer(blob, dtype=np.float32)
                for i in where[key]:
                    found[i] = vec
        return found

    def put_many(self, model: str, texts: list[str], vectors: np.ndarray) -> None:
        """Store vectors for texts, all in one transaction (all or nothing)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        rows = [
            (text_key(model, t), model, vectors.shape[1], vectors[i].tobytes())
            for i, t in enumerate(texts)
        ]
        con = self._connect()
        con.execute("BEGIN IMMEDIATE")
        try:
            con.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def count(self, model: str | None = None) -> int:
        """How many vectors are stored (for one model, or in all)."""
        con = self._connect()
        if model is None:
            return con.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
        return con.execute("SELECT COUNT(*) FROM vectors WHERE model = ?", (model,)).fetchone()[0]


class ArrayCache:
    """Arrays on disk by key (map coordinates), so a projection is computed once, even across
    server restarts.

    One ``.npy`` file per key, written to a temporary file and renamed into place, so a reader
    never sees half a file and a process killed mid-write leaves nothing behind. Beyond
    ``max_files`` the least recently used files are removed.

    Parameters
    ----------
    cache_dir : path, optional
        Parent folder (``projections/`` is made inside it); defaults to :func:`default_cache_dir`.
    max_files : int
        How many arrays to keep (a 100,000-point 2D map takes 0.8 MB).
    """

    def __init__(self, cache_dir: str | Path | None = None, *, max_files: int = 500) -> None:
        self.folder = Path(cache_dir or default_cache_dir()) / "projections"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.max_files = max_files

    def _path(self, key: str) -> Path:
        if not key or not all(c in "0123456789abcdef" for c in key):
            raise ValueError(f"ArrayCache keys are lowercase hex digests; got {key!r}")
        return self.folder / f"{key}.npy"

    def get(self, key: str) -> np.ndarray | None:
        """The stored array, or None if there is none (or it cannot be read)."""
        path = self._path(key)
        try:
            array = np.load(path, allow_pickle=False)
        except (OSError, ValueError, EOFError):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept longest
        return array

    def put(self, key: str, array: np.ndarray) -> None:
        """Store array under key (replacing any older one), then prune the oldest files."""
        path = self._path(key)
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp")
        with open(tmp, "wb") as f:
            np.save(f, np.asarray(array), allow_pickle=False)
        os.replace(tmp, path)
        self._prune()

    def __len__(self) -> int:
        return sum(1 for _ in self.folder.glob("*.npy"))

    def _prune(self) -> None:
        files = list(self.folder.glob("*.npy"))
        if len(files) <= self.max_files:
            return

        def age(p: Path) -> float:
            try:
                return p.stat().st_mtime
            except OSError:  # removed meanwhile by another process
                return float("inf")

        for old in sorted(files, key=age)[: len(files) - self.max_files]:
            with contextlib.suppress(OSError):
                old.unlink()
