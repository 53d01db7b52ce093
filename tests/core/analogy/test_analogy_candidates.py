"""core.analogy.candidates: candidate sets kept once, the partial sort, the background warm-up."""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest

import core.analogy.candidates as cands
from core.analogy.answer import _top, analogy
from core.models.registry import DEFAULT_MODEL, SentenceEmbedder, WordEmbedder, load_model


class FakeSentenceModel:
    """A sentence model stand-in: a fixed vector per text, and a record of every call."""

    kind, dim = "sentence", 16

    def __init__(self, name: str, *, delay: float = 0.0, fail: int = 0) -> None:
        self.name, self.delay, self.fail = name, delay, fail
        self.encoded: list[str] = []
        self.seen: list[tuple[int, int]] = []  # (niceness, torch threads) of the encoding thread

    def encode(self, texts, *, batch_size=64, progress=None) -> np.ndarray:
        torch = __import__("sys").modules.get("torch")
        self.seen.append(
            (
                os.getpriority(os.PRIO_PROCESS, threading.get_native_id()),
                torch.get_num_threads() if torch else 0,
            )
        )
        if self.fail:
            self.fail -= 1
            raise RuntimeError("encoder broke")
        out = np.empty((len(texts), self.dim), np.float32)
        for i, t in enumerate(texts):
            time.sleep(self.delay)
            seed = int.from_bytes(hashlib.blake2b(t.encode(), digest_size=4).digest(), "little")
            out[i] = np.random.default_rng(seed).standard_normal(self.dim)
            self.encoded.append(t)
            if progress:
                progress(i + 1, len(texts))
        return out


@pytest.fixture(autouse=True)
def fresh_sets(monkeypatch):
    """Each test starts with no kept candidate sets and a 40-word default set."""
    monkeypatch.setattr(cands, "_kept_sets", OrderedDict())
    monkeypatch.setattr(cands, "SENTENCE_CANDIDATES", 40)


# --- the top n ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [50, 5_000])  # all sorted; a short list from a sample
@pytest.mark.parametrize("skip", [set(), {0, 5, 17}])
@pytest.mark.parametrize("n", [1, 3, 10, 60])
def test_top_equals_a_stable_full_sort_even_with_ties(n, skip, size):
    # Scores from few values: ties everywhere, also at the edge of the top n.
    rng = np.random.default_rng(size)
    scores = rng.integers(0, size // 10, size).astype(np.float32) / 4
    expected = [int(i) for i in np.argsort(-scores, kind="stable") if int(i) not in skip][:n]
    assert _top(scores, n, skip) == expected


def test_top_of_real_scores_equals_a_stable_full_sort(glove):
    for row in (5, 2_000, 300_000):
        scores = glove.unit_vectors @ glove.unit_vectors[row]
        for n in (1, 10, 1000):
            expected = [int(i) for i in np.argsort(-scores, kind="stable") if i != row][:n]
            assert _top(scores, n, {row}) == expected


def test_tied_candidates_keep_their_order():
    # Equal scores are listed in vocabulary order. Entries of ±0.5 on four of eight axes (unit
    # length exactly), so every product in a score is exact and equal rows (x1, x2, x3 and many
    # by chance) score bit for bit the same in any BLAS kernel.
    rng = np.random.default_rng(1)
    vocab = ["king", "woman", "man", "w0", "x1", "w1", "x2", "x3"] + [f"v{i}" for i in range(60)]
    vectors = np.zeros((len(vocab), 8), np.float32)
    for row in vectors:
        row[rng.choice(8, 4, replace=False)] = rng.choice([-0.5, 0.5], 4)
    for x in ("x1", "x2", "x3"):
        vectors[vocab.index(x)] = vectors[0]
    model = WordEmbedder("tiny", vocab, vectors)
    r = analogy(model, ["king", "woman"], ["man"], topn=len(vocab) - 3)
    assert len({s for w, s in r.results if w.startswith("x")}) == 1
    assert len({s for _, s in r.results}) < len(r.results) / 3  # ties everywhere
    assert r.results == sorted(r.results, key=lambda ws: (-ws[1], vocab.index(ws[0])))


# --- kept, not rebuilt ----------------------------------------------------------------------


def test_glove_queries_share_one_unit_matrix_in_column_order_and_the_models_index(glove):
    p = cands.pool(glove, ["king", "man"])
    assert cands.pool(glove, ["paris"]).base is p.base  # built once, not per query
    assert p.base.rows is glove.index and p.base.words is glove.vocabulary
    assert p.base.unit.flags.f_contiguous and not p.base.unit.flags.writeable
    assert not p.extra and len(p) == 400_000
    rows = [0, 1234, 399_999]
    np.testing.assert_allclose(p.base.unit[rows], glove.unit_vectors[rows], atol=1e-7)


def test_a_candidate_list_is_prepared_once_and_inputs_outside_it_are_added(glove):
    first = cands.pool(glove, ["king"], ["Queen", "prince", " ", "queen"])
    again = cands.pool(glove, ["man"], ["Queen", "prince", " ", "queen"])
    assert first.base is again.base
    assert list(first.base.words) == ["queen", "prince"]
    assert not first.base.unit.flags.writeable
    assert (first.extra, again.extra) == (["king"], ["man"])
    king = glove.unit_vectors[[glove.index["king"]]]
    np.testing.assert_allclose(first.unit_of(["king"]), king, atol=1e-7)


def test_only_a_few_sets_are_kept(glove):
    for i in range(cands._KEPT + 3):
        cands.pool(glove, ["king"], ["queen", glove.vocabulary[1000 + i]])
    assert len(cands._kept_sets) == cands._KEPT


def test_the_sentence_default_set_is_encoded_once_then_kept():
    model = FakeSentenceModel("fake-once")
    analogy(model, ["king", "woman"], ["man"])
    assert len(model.encoded) == 40 + 3  # the 40 words, then the three inputs outside them
    model.encoded.clear()
    r = analogy(model, ["paris", "germany"], ["france"])
    assert model.encoded == ["paris", "germany", "france"]
    assert r.n_candidates == 43


# --- the warm-up ----------------------------------------------------------------------------

FIRST_TWO = ["the", ","]  # encoded before the thread lowers its priority (see below)


def test_after_the_warm_up_a_query_encodes_only_its_inputs():
    model = FakeSentenceModel("fake-warm")
    cands.warm_up_in_background(after=lambda: model).join(timeout=30)
    # two words at normal priority first (a real model then has them on disk), then the 40
    assert model.encoded == FIRST_TWO + cands._default_words()
    model.encoded.clear()
    analogy(model, ["king", "woman"], ["man"])
    assert model.encoded == ["king", "woman", "man"]


def test_a_query_during_the_warm_up_waits_for_it_and_hears_its_progress():
    model = FakeSentenceModel("fake-slow", delay=0.02)  # the 40 words take about a second
    thread = cands.warm_up_in_background(after=lambda: model)
    time.sleep(0.2)
    heard = []
    r = analogy(model, ["king", "woman"], ["man"], progress=lambda d, t: heard.append((d, t)))
    thread.join(timeout=30)
    assert sorted(model.encoded) == sorted(
        FIRST_TWO + cands._default_words() + ["king", "woman", "man"]
    )
    assert r.n_candidates == 43
    assert any(0 < d < t == 40 for d, t in heard), heard  # the warm-up's progress, forwarded
    assert heard[-1] == (43, 43)


def test_the_warm_up_runs_niced_on_one_torch_thread_and_leaves_others_as_they_were():
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    model = FakeSentenceModel("fake-nice")
    cands.warm_up_in_background(after=lambda: model).join(timeout=30)
    assert model.seen == [(0, before), (cands.NICENESS, 1)]  # two words first, then the rest
    assert torch.get_num_threads() == before
    fresh = []
    t = threading.Thread(target=lambda: fresh.append(torch.get_num_threads()))
    t.start()
    t.join()
    assert fresh == [before]  # a new script thread still gets the default
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == 0


def test_a_failed_warm_up_never_raises_and_the_first_query_does_the_work(caplog):
    model = FakeSentenceModel("fake-broken", fail=1)
    with caplog.at_level(logging.WARNING, logger="core.analogy.candidates"):
        cands.warm_up_in_background(after=lambda: model).join(timeout=30)
    assert "analogy warm-up failed" in caplog.text
    assert analogy(model, ["king", "woman"], ["man"]).n_candidates == 43


def test_a_failing_after_never_raises(caplog):
    def after():
        raise RuntimeError("model did not load")

    with caplog.at_level(logging.WARNING, logger="core.analogy.candidates"):
        thread = cands.warm_up_in_background(after=after)
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert "model did not load" in caplog.text


def test_after_the_warm_up_a_new_process_reads_the_candidates_from_disk(tmp_path):
    """The real sentence model: the warm-up encodes the default words into the disk cache; a
    later process (new embedder, nothing kept in memory) encodes none of them again."""
    warm = load_model(DEFAULT_MODEL, cache_dir=tmp_path)
    cands.warm_up_in_background(after=lambda: warm).join(timeout=120)
    cands._kept_sets.clear()
    later = load_model(DEFAULT_MODEL, cache_dir=tmp_path)
    assert isinstance(later, SentenceEmbedder)
    sent = []
    real = later.model.encode
    later.model.encode = lambda texts, **kw: (sent.extend(texts), real(texts, **kw))[1]
    r = analogy(later, ["he", "they"], ["his"])  # all three among the 40 most frequent words
    assert sent == []
    assert r.n_candidates == 40


_NICED_THREADS = """
import glob, sys, tempfile, time
from core.analogy import candidates as cands
from core.models.registry import DEFAULT_MODEL, load_model
cands.SENTENCE_CANDIDATES = 50
model = load_model(DEFAULT_MODEL, cache_dir=tempfile.mkdtemp())
thread = cands.warm_up_in_background(after=lambda: model)  # nothing encoded before it
thread.join(240)
for _ in range(100):  # the warm-up's own thread, niced, takes a moment to go
    if not glob.glob(f"/proc/self/task/{thread.native_id}"):
        break
    time.sleep(0.05)
niced = [t for t in glob.glob("/proc/self/task/*/stat")
         if int(open(t).read().rsplit(")", 1)[1].split()[16]) != 0]
print(len(niced), len(cands._kept_sets))
"""


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread niceness is Linux's")
def test_the_warm_up_leaves_no_niced_thread_behind():
    """Threads started by a niced thread are niced too: had the warm-up started the tokenizer's
    shared thread pool, every page's tokenizing would have run at its low priority after it."""
    out = subprocess.run(
        [sys.executable, "-c", _NICED_THREADS],
        cwd=Path(__file__).parents[3],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["0", "1"]
