"""The Geometry page's engine: the exact k-NN graph with hubness, anisotropy and all-but-the-top."""

from __future__ import annotations

import numpy as np

from bench.common import INFO, Row, at_most, log, seconds, timed


def _graph_row(key: str, x: np.ndarray, data: str, target: float | None) -> Row:
    from core.geometry.shape import hubness
    from core.neighbours.knn import knn_graph

    s, (ids, _) = timed(lambda: knn_graph(x, 10))
    hub_s, h = timed(lambda: hubness(ids, len(x)))
    total = s + hub_s
    n, d = x.shape
    log(f"{key}: knn_graph {s:.1f} s, hubness {hub_s * 1000:.0f} ms, skewness {h.skewness:.2f}")
    status, how = at_most(total, target) if target else (INFO, "reported")
    return Row(
        key,
        "geometry",
        f"k-NN graph (k=10) and hubness of {n:,} × {d} (`core.neighbours.knn.knn_graph`, `core.geometry.shape.hubness`)",
        seconds(total),
        f"≤ {seconds(target)}" if target else "reported",
        status,
        f"{how}. {data}; exact cosine, row blocks of ≤ 128 MiB; one run: the graph "
        f"{seconds(s)}, hubness {seconds(hub_s)}. N_10 skewness {h.skewness:.2f}, anti-hubs "
        f"{h.antihub_share:.1%}, top hub listed by {h.hubs[0][1]} rows.",
    )


def _glove_top(n: int) -> np.ndarray:
    from core.models.registry import GLOVE, load_model

    glove = load_model(GLOVE)
    return glove.encode(glove.vocabulary[:n])


def run() -> list[Row]:
    from core.geometry import anisotropy, postprocess

    random_384 = np.random.default_rng(0).standard_normal((100_000, 384), dtype=np.float32)
    rows = [
        _graph_row("geometry_knn_10k", random_384[:10_000], "Seeded random normal float32", 5.0),
        _graph_row(
            "geometry_knn_100k_50",
            _glove_top(100_000),
            "The 100,000 most frequent GloVe 6B words (50-d)",
            None,
        ),
        _graph_row("geometry_knn_100k_384", random_384, "Seeded random normal float32", None),
    ]
    an_s, an = timed(lambda: anisotropy(random_384))
    ab_s, _ = timed(lambda: postprocess(random_384, "abtt"))
    log(f"anisotropy {an_s * 1000:.0f} ms, abtt {ab_s:.2f} s")
    rows.append(
        Row(
            "geometry_anisotropy",
            "geometry",
            "Anisotropy of 100,000 × 384 (`core.geometry.shape.anisotropy`, 20,000 random pairs)",
            seconds(an_s),
            "reported",
            INFO,
            f"One run over seeded random normal float32 data (mean pair cosine "
            f"{an.mean_pair_cosine:.4f}); includes the unit rows of the whole matrix.",
        )
    )
    rows.append(
        Row(
            "geometry_abtt",
            "geometry",
            "All-but-the-top of 100,000 × 384 (`core.geometry.shape.postprocess(..., 'abtt')`, d = 3)",
            seconds(ab_s),
            "reported",
            INFO,
            "Fit (mean, top 3 principal directions from the 384 × 384 scatter matrix, float64) "
            "and transform of the same vectors; one run, seeded random normal float32 data.",
        )
    )
    return rows


def run_rerank() -> list[Row]:
    """CSLS and mutual proximity over the 10,000 most frequent GloVe words: what the Geometry
    page and the Map's re-ranked lists build once per set."""
    from core.geometry import hubness
    from core.neighbours import Csls, MutualProximity
    from core.neighbours.knn import knn_graph

    x = _glove_top(10_000)
    raw_s, (raw, _) = timed(lambda: knn_graph(x, 10))
    csls_s, (csls, _) = timed(lambda: Csls(x).knn(10))
    mp_s, (mp, _) = timed(lambda: MutualProximity(x).knn(10))
    skew = [hubness(ids, len(x)).skewness for ids in (raw, csls, mp)]
    log(f"rerank: cosine {raw_s:.1f} s, CSLS {csls_s:.1f} s, MP {mp_s:.1f} s; skewness {skew}")
    return [
        Row(
            "geometry_rerank_10k",
            "rerank",
            "Hub-reducing neighbour lists of the 10,000 most frequent GloVe words: cosine, CSLS, "
            "mutual proximity (`core.neighbours.knn`, `core.neighbours.rerank`)",
            f"{seconds(raw_s)} / {seconds(csls_s)} / {seconds(mp_s)}",
            "reported",
            INFO,
            f"Every row's 10 nearest under each, one run each (CSLS includes its own cosine "
            f"graph for r, K = 10; mutual proximity its per-row distance moments). Skewness of "
            f"N_10: cosine {skew[0]:.2f}, CSLS {skew[1]:.2f}, mutual proximity {skew[2]:.2f}.",
        )
    ]
