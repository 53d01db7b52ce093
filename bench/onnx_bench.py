"""The int8 model against the float one: speed on the same texts, and how far their vectors agree.

    python -m bench.onnx_bench [n]     # prints compare(sentences(n)) as JSON (n = 2,000 by default)

Both models run bare (no encoding cache), one after the other on the same texts, after a warm-up;
each is timed in several rounds, in alternating order, and its fastest round counts, so a burst of
other work on a shared machine does not decide the ratio.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np

ROUNDS = 3
K = 10


def compare(texts: list[str], *, rounds: int = ROUNDS, batch_size: int = 64) -> dict:
    """Texts per second of the float32 and int8 models, and their agreement on these texts.

    Returns
    -------
    dict
        ``texts``, ``float32_texts_per_s``, ``int8_texts_per_s``, ``speedup`` (int8 over float32),
        ``mean_cosine`` and ``min_cosine`` (between the two vectors of each text), and
        ``knn10_overlap`` (mean share of a text's 10 nearest texts under float32 that int8 also
        lists; needs at least 11 texts, else None).
    """
    from core.models.registry import DEFAULT_MODEL, INT8_MODEL, load_model

    texts = list(texts)
    models = {
        "float32": load_model(DEFAULT_MODEL).model,
        "int8": load_model(INT8_MODEL).model,  # exports the ONNX file first if it is missing
    }
    warm = texts[: min(len(texts), 2 * batch_size)]
    for model in models.values():
        model.encode(warm, batch_size=batch_size)  # thread pools, allocator, first-call costs
    best = dict.fromkeys(models, float("inf"))
    vectors: dict[str, np.ndarray] = {}
    for r in range(rounds):
        for name in list(models)[:: 1 if r % 2 == 0 else -1]:
            start = time.perf_counter()
            vectors[name] = np.asarray(models[name].encode(texts, batch_size=batch_size))
            best[name] = min(best[name], time.perf_counter() - start)
    f32, i8 = vectors["float32"], vectors["int8"]
    cos = np.einsum("ij,ij->i", f32, i8)
    return {
        "texts": len(texts),
        "float32_texts_per_s": len(texts) / best["float32"],
        "int8_texts_per_s": len(texts) / best["int8"],
        "speedup": best["float32"] / best["int8"],
        "mean_cosine": float(cos.mean()) if len(texts) else None,
        "min_cosine": float(cos.min()) if len(texts) else None,
        "knn10_overlap": neighbour_overlap(f32, i8, K) if len(texts) > K else None,
    }


def neighbour_overlap(a: np.ndarray, b: np.ndarray, k: int = K) -> float:
    """Mean share of each row's k nearest rows under ``a`` (cosine) that ``b`` also lists."""
    from core.geometry.shape import overlap
    from core.neighbours.knn import knn_graph

    return float(overlap(knn_graph(a, k)[0], knn_graph(b, k)[0]).mean())


def main(argv: list[str]) -> int:
    from bench.common import sentences

    n = int(argv[0]) if argv else 2000
    print(json.dumps(compare(sentences(n, seed=1)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
