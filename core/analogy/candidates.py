"""The words an analogy ranks and their unit vectors, prepared once per model and candidate set
and kept in memory, so that a query is one matrix-vector product instead of a rebuild.

A word model's default candidates are its whole vocabulary: its unit vectors, kept once in column
order (see :func:`_vocabulary`), and the model's word index. A sentence model's default is the
20,000 most frequent GloVe words, encoded once (and cached on disk): about 35 s the first time,
which :func:`warm_up_in_background` spends after the server starts, in a low-priority thread,
instead of the first user. Whoever asks for a set that is still being prepared waits for it, and
hears its progress, instead of preparing it again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from core.errors import OutOfVocabularyError
from core.models.registry import GLOVE, Embedder, WordEmbedder, load_model
from core.progress import Progress
from core.vectors import normalize_rows

SENTENCE_CANDIDATES = 20_000
NICENESS = 19  # the warm-up only takes CPU time that pages leave over
_KEPT = 8  # candidate sets kept in memory (a sentence model's default set is 30 MiB)
_log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class Candidates:
    """Words, their unit vectors (float32, C order, read-only) and each word's row."""

    words: Sequence[str]
    unit: np.ndarray
    rows: Mapping[str, int]


@dataclass(frozen=True, eq=False)
class Pool:
    """What one query ranks: a kept candidate set, then the input words it lacks."""

    base: Candidates
    extra: list[str] = field(default_factory=list)
    extra_unit: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.base.words) + len(self.extra)

    def row(self, word: str) -> int:
        row = self.base.rows.get(word)
        return row if row is not None else len(self.base.words) + self.extra.index(word)

    def word(self, row: int) -> str:
        n = len(self.base.words)
        return self.base.words[row] if row < n else self.extra[row - n]

    def unit_of(self, words: Sequence[str]) -> np.ndarray:
        """The unit vectors of some candidates, one row each (repeats kept)."""
        n = len(self.base.words)
        rows = [self.row(w) for w in words]
        vecs = [self.base.unit[r] if r < n else self.extra_unit[r - n] for r in rows]  # type: ignore[index]
        return np.array(vecs, dtype=np.float32).reshape(len(rows), self.base.unit.shape[1])

    def scores(self, targets: np.ndarray) -> np.ndarray:
        """Every candidate's dot product with a vector (n,), or with each row of a matrix
        (k, n): one pass over the candidates either way."""
        if targets.ndim == 1:
            out = self.base.unit @ targets
            return np.concatenate([out, self.extra_unit @ targets]) if self.extra else out
        # (k, dim) @ (dim, n) reads the matrix once and beats k matrix-vector products here.
        out = targets @ self.base.unit.T
        return np.hstack([out, targets @ self.extra_unit.T]) if self.extra else out  # type: ignore[union-attr]


def pool(
    model: Embedder,
    inputs: list[str],
    candidates: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Pool:
    """The candidates for a query on these (lowercased) input words: the kept set, or prepared
    now; input words outside it are added after it.

    Raises OutOfVocabularyError when a word model lacks input or candidate words.
    """
    if isinstance(model, WordEmbedder):
        return _word_pool(model, inputs, candidates)
    # Keyed by the model's name: the warm-up and the pages may hold different objects of it.
    words = _default_words() if candidates is None else _clean(candidates)
    key = (model.kind, model.name, SENTENCE_CANDIDATES if candidates is None else tuple(words))
    base = _kept(key, lambda report: _encoded(model, words, report), progress)
    extra = [w for w in inputs if w not in base.rows]
    if not extra:
        return Pool(base)
    n, total = len(base.words), len(base.words) + len(extra)
    shifted = (lambda d, _t: progress(n + d, total)) if progress else None
    unit = normalize_rows(model.encode(extra, progress=shifted))
    return Pool(base, extra, np.ascontiguousarray(unit, dtype=np.float32))


def _word_pool(model: WordEmbedder, inputs: list[str], candidates) -> Pool:
    # Keyed by the model object itself (held by the key): word vectors have no encoder whose
    # name would say which vectors they are.
    missing = model.lookup(inputs)[1]
    if missing:
        raise OutOfVocabularyError(missing, model.name)
    whole = _kept(("word", model), lambda _report: _vocabulary(model), None)
    if candidates is None:
        return Pool(whole)
    words = _clean(candidates)
    base = _kept(("word", model, tuple(words)), lambda _r: _some(model, whole, words), None)
    extra = [w for w in inputs if w not in base.rows]
    rows = np.asarray([whole.rows[w] for w in extra], dtype=np.int64)
    return Pool(base, extra, np.ascontiguousarray(whole.unit[rows])) if extra else Pool(base)


def _vocabulary(model: WordEmbedder) -> Candidates:
    """A word model's whole vocabulary with unit vectors kept in column order, as GloVe's file
    has them: a matrix-vector product over 400,000 × 50 runs about twice as fast as over rows
    of 50 numbers (short dot products)."""
    v = np.asarray(model.vectors, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    unit = np.asfortranarray(v / np.where(norms == 0, 1, norms))
    unit.setflags(write=False)  # shared by every query and session
    return Candidates(model.vocabulary, unit, model.index)


def _some(model: WordEmbedder, whole: Candidates, words: list[str]) -> Candidates:
    missing = [w for w in words if w not in whole.rows]
    if missing:
        raise OutOfVocabularyError(missing, model.name)
    return _frozen(words, whole.unit[np.asarray([whole.rows[w] for w in words], dtype=np.int64)])


def _default_words() -> list[str]:
    return load_model(GLOVE).vocabulary[:SENTENCE_CANDIDATES]


def _clean(candidates: Sequence[str]) -> list[str]:
    words = [c.strip().lower() for c in candidates if isinstance(c, str) and c.strip()]
    return list(dict.fromkeys(words))


def _encoded(model: Embedder, words: list[str], report: Progress) -> Candidates:
    return _frozen(words, normalize_rows(model.encode(words, progress=report)))


def _frozen(words: list[str], unit: np.ndarray) -> Candidates:
    unit = np.ascontiguousarray(unit, dtype=np.float32)
    unit.setflags(write=False)  # shared by every query and session
    return Candidates(list(words), unit, {w: i for i, w in enumerate(words)})


# --- kept sets: prepared once, whoever asks first ------------------------------------------------


class _Job:
    """One candidate set being prepared, or ready; its progress for those who wait."""

    def __init__(self) -> None:
        self.ready = threading.Event()
        self.value: Candidates | None = None
        self.done = self.total = 0


_lock = threading.Lock()
_kept_sets: OrderedDict[tuple, _Job] = OrderedDict()


def _kept(
    key: tuple, build: Callable[[Progress], Candidates], progress: Progress | None
) -> Candidates:
    """The set under key: kept, being prepared elsewhere (waited for), or prepared here."""
    while True:
        with _lock:
            job = _kept_sets.get(key)
            mine = job is None
            if mine:
                job = _kept_sets[key] = _Job()
            _kept_sets.move_to_end(key)
        if mine:
            return _run(key, job, build, progress)
        while not job.ready.wait(0.25):
            if progress and job.total:
                progress(job.done, job.total)
        if job.value is not None:
            return job.value
        # It failed where it ran (the warm-up, or another page that was stopped): try here,
        # where an error reaches the page that asked.


def _run(
    key: tuple, job: _Job, build: Callable[[Progress], Candidates], progress: Progress | None
) -> Candidates:
    def report(done: int, total: int) -> None:
        job.done, job.total = done, total
        if progress:
            progress(done, total)

    try:
        job.value = build(report)
    except BaseException:  # a page stopped mid-way too: forget the job, so the next one retries
        with _lock:
            if _kept_sets.get(key) is job:
                del _kept_sets[key]
        raise
    finally:
        job.ready.set()
    with _lock:
        ready = [k for k, j in _kept_sets.items() if j.ready.is_set()]
        for old in ready[: max(0, len(_kept_sets) - _KEPT)]:
            del _kept_sets[old]
    return job.value


# --- warm-up ---------------------------------------------------------------------------------------


def warm_up(model: Embedder) -> None:
    """Prepare the model's default candidates now, in the calling thread: a sentence model's
    20,000 words encoded (or read from the disk cache), a word model's unit vectors."""
    pool(model, [])


def warm_up_in_background(*, after: Callable[[], Embedder]) -> threading.Thread:
    """Start :func:`warm_up` in a daemon thread at low priority, on one CPU thread, and return it.

    ``after()`` is called in that thread first and returns the model (the app passes "the
    sentence model, once loaded"). Nothing raises out of the thread: a failure is logged, and the
    first analogy then prepares its candidates itself.
    """

    def run() -> None:
        try:
            model = after()
            if not isinstance(model, WordEmbedder):
                # Two words first, at normal priority: a first encoding starts thread pools that
                # serve every later one (the tokenizer's), and a thread started by a niced
                # thread is niced too.
                model.encode(_default_words()[:2])
            _lower_this_thread()
            warm_up(model)
        except Exception:
            _log.warning("The analogy warm-up failed; the first analogy will do it.", exc_info=True)

    thread = threading.Thread(target=run, name="analogy-warm-up", daemon=True)
    thread.start()
    return thread


def _lower_this_thread() -> None:
    """Nice this thread (on Linux niceness is per thread) and run its torch work on one thread,
    so on two cores the warm-up leaves the pages their CPU."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux: it runs at normal priority
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)
    torch = sys.modules.get("torch")  # loaded with the sentence model; none for word vectors
    if torch is None:
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)  # this thread's own setting, which it keeps...
    # ...but it is also the default of threads that have not used torch yet (each new script run):
    # set that back from a short-lived thread, whose own setting dies with it.
    helper = threading.Thread(target=torch.set_num_threads, args=(before,), daemon=True)
    helper.start()
    helper.join()
