"""A child process for tests/core/base/test_cache.py: writes known vectors through EncodingCache.

    python _cache_writer.py blocks CACHE_DIR SEED
        Writes random whole blocks of texts, one put_many per block, until it is killed. Prints
        "ready" once, then "begin K" before and "done K" after writing block K.
    python _cache_writer.py range CACHE_DIR START STOP GO_FILE
        Waits until GO_FILE exists, opens the cache (possibly creating it, like its siblings), and
        writes texts START..STOP-1 in batches of BATCH, twice over.

Vectors are derived from the text's number, so the parent can check every stored value exactly.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

MODEL = "writer-test-model"
DIM = 128
BATCH = 1000
BLOCKS = 300  # texts 0 .. BLOCKS * BATCH - 1


def text_of(i: int) -> str:
    return f"text number {i}"


def vectors_of(numbers) -> np.ndarray:
    """Row i is i + 0.5 * column (exact in float32 for the numbers used here)."""
    return (np.asarray(numbers, dtype=np.float64)[:, None] + 0.5 * np.arange(DIM)).astype(
        np.float32
    )


def write_blocks(cache_dir: str, seed: int) -> None:
    from core.cache import EncodingCache

    cache = EncodingCache(cache_dir)
    rng = np.random.default_rng(seed)
    print("ready", flush=True)
    while True:
        block = int(rng.integers(BLOCKS))
        numbers = range(block * BATCH, (block + 1) * BATCH)
        texts = [text_of(i) for i in numbers]
        vectors = vectors_of(numbers)
        print(f"begin {block}", flush=True)
        cache.put_many(MODEL, texts, vectors)
        print(f"done {block}", flush=True)


def write_range(cache_dir: str, start: int, stop: int, go_file: str) -> None:
    while not Path(go_file).exists():
        time.sleep(0.005)
    from core.cache import EncodingCache

    cache = EncodingCache(cache_dir)
    for _ in range(2):
        for lo in range(start, stop, 250):
            numbers = range(lo, min(lo + 250, stop))
            cache.put_many(MODEL, [text_of(i) for i in numbers], vectors_of(numbers))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the project root, for `core`
    mode, cache_dir, *rest = sys.argv[1:]
    if mode == "blocks":
        write_blocks(cache_dir, int(rest[0]))
    else:
        write_range(cache_dir, int(rest[0]), int(rest[1]), rest[2])
