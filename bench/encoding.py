"""Encoding rows: core's overhead over sentence-transformers, and the on-disk cache's speed-up."""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

import numpy as np

from bench.common import Row, at_least, at_most, log, seconds, sentences, timed

SECTION = "encoding"
ROUNDS = 3


def run() -> list[Row]:
    from core.models import DEFAULT_MODEL, load_model

    with tempfile.TemporaryDirectory(prefix="bench-enc-") as tmp:
        log("encoding: loading MiniLM (torch + sentence-transformers import)")
        load_s, embedder = timed(lambda: load_model(DEFAULT_MODEL, cache_dir=Path(tmp) / "load"))
        log(f"encoding: model ready in {load_s:.1f} s")
        rows = [_overhead(embedder, Path(tmp))]
        rows += _cached(embedder, Path(tmp))
    return rows


def _fresh(embedder, folder: Path):
    """The same loaded model behind an empty cache, so core really encodes every text."""
    from core.cache import EncodingCache
    from core.models import SentenceEmbedder

    return SentenceEmbedder(embedder.name, embedder.model, EncodingCache(folder))


def _direct(model, texts: list[str]) -> np.ndarray:
    return model.encode(texts, batch_size=64, convert_to_numpy=True, show_progress_bar=False)


def _overhead(embedder, tmp: Path) -> Row:
    texts = sentences(2000, seed=1)
    _direct(embedder.model, sentences(128, seed=99))  # first-call costs (threads, allocator)
    direct, core = [], []
    for i in range(ROUNDS):
        order = ("direct", "core") if i % 2 == 0 else ("core", "direct")
        for which in order:
            if which == "direct":
                s, ref = timed(lambda: _direct(embedder.model, texts))
                direct.append(s)
            else:
                fresh = _fresh(embedder, tmp / f"overhead-{i}")  # opening a cache is not encoding
                s, ours = timed(lambda e=fresh: e.encode(texts))
                core.append(s)
            log(f"encoding: 2,000 sentences {which} {s:.2f} s ({len(texts) / s:.0f}/s)")
    ratio_best = min(direct) / min(core)
    ratio_median = statistics.median(direct) / statistics.median(core)
    status, how = at_least(ratio_best, 0.95)
    diff = float(np.abs(np.asarray(ref) - ours).max())
    return Row(
        "encode_overhead",
        SECTION,
        "Encoding 2,000 sentences through `core` (cold cache) vs `SentenceTransformer.encode`",
        f"{ratio_best:.3f}× direct throughput (core {len(texts) / min(core):.0f}/s, direct "
        f"{len(texts) / min(direct):.0f}/s)",
        "≥ 0.95×",
        status,
        f"{how}. Best of {ROUNDS} alternating runs each (median ratio {ratio_median:.3f}; core "
        f"{_list(core)}, direct {_list(direct)}); same model object, batch 64, each core run "
        f"with an empty cache, so it includes writing 2,000 vectors to SQLite. Largest "
        f"difference between the two outputs: {diff:.1e}.",
    )


def _cached(embedder, tmp: Path) -> list[Row]:
    texts = sentences(10_000, seed=2)
    ours = _fresh(embedder, tmp / "cached")
    log("encoding: 10,000 sentences, cold (about 30–40 s)")
    cold, first = timed(lambda: ours.encode(texts))
    again = [timed(lambda: ours.encode(texts))[0] for _ in range(3)]
    other_s, second = timed(lambda: _fresh(embedder, tmp / "cached").encode(texts))
    assert np.array_equal(first, second), "the cache returned other vectors than it stored"
    hit = statistics.median(again)
    log(f"encoding: 10,000 cold {cold:.1f} s, cached {hit * 1000:.0f} ms")
    status, how = at_least(cold / hit, 50)
    return [
        Row(
            "encode_cached",
            SECTION,
            "Encoding 10,000 texts already cached vs encoding them",
            f"{cold / hit:,.0f}× faster ({seconds(hit)} vs {cold:.1f} s)",
            "≥ 50×",
            status,
            f"{how}. Cached: median of 3 repeats with the same embedder; a new cache object on "
            f"the same folder (as a new session or process would open it) took {seconds(other_s)} "
            f"and returned identical vectors. Cold: {len(texts) / cold:.0f} texts/s.",
        ),
        Row(
            "encode_repeat",
            SECTION,
            "Second identical encoding request (10,000 texts) is ~free",
            f"{seconds(hit)} ({hit / cold:.2%} of the first request)",
            "~free (≤ 2% of the first)",
            at_most(hit / cold, 0.02, fmt=lambda r: f"{r:.2%}")[0],
            "The on-disk cache answers every text: the model is not called again.",
        ),
    ]


def _list(values: list[float]) -> str:
    return "/".join(f"{v:.2f}" for v in values) + " s"
