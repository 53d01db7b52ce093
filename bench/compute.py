"""In-process maths rows: t-SNE of 10,000 points, PCA of 100,000 × 384, one kNN query."""

from __future__ import annotations

import statistics

import numpy as np

from bench.common import PASS, Row, at_most, log, seconds, timed

BIG = (100_000, 384)
TSNE_WHY = (
    "openTSNE's FFT gradient gets dearer as the map spreads out: in the 500 iterations after "
    "early exaggeration (learning rate n = 10,000) the time per iteration grows about tenfold as "
    "the interpolation grid follows the points. core keeps openTSNE's defaults; a coarser grid "
    "(`ints_in_interval`) or fewer iterations would meet the target but change the maps."
)


def _random_matrix() -> np.ndarray:
    return np.random.default_rng(0).standard_normal(BIG, dtype=np.float32)


def tsne() -> list[Row]:
    from core.datasets import glove_top
    from core.models import load_model
    from core.projection import project

    words = glove_top(10_000).texts
    vectors = load_model("glove-6B-50d").encode(words)
    import_s, _ = timed(lambda: __import__("openTSNE"))
    log("tsne: 10,000 GloVe words (about 15–30 s)")
    s, coords = timed(lambda: project(vectors, method="tsne"))
    log(f"tsne: {s:.1f} s")
    status, how = at_most(s, 20)
    return [
        Row(
            "tsne_10k",
            "projection",
            "t-SNE of 10,000 points (openTSNE, through `core.projection.project`)",
            seconds(s),
            "≤ 20 s",
            status,
            f"{how}. The 10,000 most frequent GloVe words (50-d real vectors), cosine, core's "
            f"defaults (perplexity 30, 500 iterations, FFT gradients, 2 threads); one run. "
            f"Importing openTSNE beforehand took {seconds(import_s)} (not counted). "
            f"Output {coords.shape}.",
            why="" if status == PASS else TSNE_WHY,
        )
    ]


def pca() -> list[Row]:
    from core.projection import project

    x = _random_matrix()
    first, _ = timed(lambda: project(x, method="pca"))  # includes importing scikit-learn
    runs = [timed(lambda: project(x, method="pca"))[0] for _ in range(5)]
    s = statistics.median(runs)
    log(f"pca: first {first:.2f} s, then median {s:.2f} s")
    status, how = at_most(s, 1.0)
    return [
        Row(
            "pca_100k",
            "projection",
            "PCA of 100,000 × 384 (through `core.projection.project`)",
            seconds(s),
            "≤ 1 s",
            status,
            f"{how}. Random normal float32 data (seeded); cosine, so rows are normalised first, "
            f"as the app does. Median of 5 runs ({', '.join(f'{r:.2f}' for r in runs)} s); the "
            f"first call in the process took {first:.2f} s, of which most is importing "
            f"scikit-learn (the app pays that once per server).",
        )
    ]


def knn() -> list[Row]:
    from core.neighbours import nearest

    x = _random_matrix()
    rows = np.random.default_rng(1).choice(len(x), 21, replace=False)
    nearest(x, int(rows[0]), k=10)  # warm-up
    runs = [timed(lambda r=r: nearest(x, int(r), k=10))[0] for r in rows[1:]]
    s = statistics.median(runs)
    log(f"knn: median {s * 1000:.1f} ms, max {max(runs) * 1000:.1f} ms")
    status, how = at_most(s, 0.05)
    return [
        Row(
            "knn_100k",
            "neighbours",
            "Nearest neighbours (k=10) of one point among 100,000 × 384 (`core.neighbours.nearest`)",
            seconds(s),
            "≤ 50 ms",
            status,
            f"{how}. Exact cosine search over random normal float32 data (seeded, 147 MiB); "
            f"median of 20 queries after one warm-up (fastest {seconds(min(runs))}, slowest "
            f"{seconds(max(runs))}). Includes core's input checks on the whole matrix per call.",
        )
    ]
