"""Levels of clusters cut from one Ward tree of the map's coordinates, at the numbers of clusters
the map itself prefers (silhouette), coarse to fine; no number chosen by the user.

How:

- one Ward tree (scipy ``linkage(xy, "ward")``) of the map's points, or of a random sample of
  ``FIT_AT_MOST`` of them (Ward is quadratic: 10,000 points took ~10 s here); every other point
  then takes the labels of its nearest sampled point;
- the tree is cut at every k from ``max(2, min_coarse)`` to ``MAX_CLUSTERS`` (and at most a third
  of the points) and each cut scored by its mean silhouette on the map (Euclidean);
- the *preferred* level is the best-scoring cut; a finer level is the best cut with at least
  ``STEP`` times as many clusters, a coarser level the best with at most 1/``STEP`` as many.

Every level cuts the same tree, so every fine cluster lies wholly inside one coarser cluster.
There is no noise: every point belongs to a cluster.

Why (bench/clusters.py and scratch runs, November 2026: the bundled labelled sets encoded with
all-MiniLM-L6-v2, on the app's 2-D UMAP map; ARI / NMI of the level nearest the true number of
groups): HDBSCAN leaf levels (``method="hdbscan"``) agreed with the known groups at 0.26 / 0.64
on "ninety-words" (18 groups) and 0.71 / 0.80 on "support-tickets" (10 groups), and no choice of
its sizes (minimum cluster size √n/2 to √n/3, min_samples 1–5, leaf or eom, noise joined to its
nearest cluster or not) reached 0.37 on the first and 0.75 on the second at once. These Ward
levels found 5 and 20 clusters on the words (the 20: 0.39 / 0.74) and 5, 10 and 22 on the
tickets (the 10: 0.77 / 0.85), against k-means told the true k at 0.41 / 0.75 and 0.79 / 0.84.
Over four UMAP seeds of each map the Ward level stayed within 0.05 ARI of k-means told k on
every one (words 0.34–0.39, tickets 0.77–0.79) where the HDBSCAN levels stayed 0.1–0.2 below.
The silhouette's own best cut is the coarse one on the words (4–5 clusters: animals, water,
sport, computing) and the true one on the tickets. The price is noise: none is marked (use
``method="hdbscan"`` for that). Time: ~1 s for 10,000 or 100,000 points on 2 busy CPUs (the
sample's tree and 48 silhouettes of 2,000 points), where the HDBSCAN levels took 2.7 s at 10,000.
"""

from __future__ import annotations

import numpy as np

from core.progress import Report

FIT_AT_MOST = 2_000
MAX_CLUSTERS = 50
MIN_SIZE = 3  # at most n / MIN_SIZE clusters
STEP = 2


def ward_levels(
    xy: np.ndarray,
    *,
    min_coarse: int = 1,
    random_state: int = 0,
    progress: Report | None = None,
) -> list[np.ndarray]:
    """Label arrays of ``xy`` (float64, (n, dims), n ≥ 2 distinct points), coarse first, each of
    its k clusters labelled 0..k-1 (see the module)."""
    from scipy.cluster.hierarchy import fcluster, linkage

    n = len(xy)
    rows = sample_rows(n, random_state)
    fitted = xy if rows is None else xy[rows]
    if progress:
        progress(0.1, f"a Ward tree of {len(fitted):,} points")
    tree = linkage(fitted, "ward")
    top = max(2, min(MAX_CLUSTERS, len(fitted) // MIN_SIZE))
    ks = range(min(max(2, min_coarse), top), top + 1)
    cuts = {k: fcluster(tree, k, "maxclust").astype(np.int64) - 1 for k in ks}
    if progress:
        progress(0.4, f"scoring {len(cuts)} cuts of the tree")
    scores = _silhouettes(fitted, cuts)
    chosen = choose(scores)
    levels = _distinct([cuts[k] for k in chosen])
    if rows is not None:
        levels = assign_rest(xy, rows, levels)
    return levels


def choose(scores: dict[int, float]) -> list[int]:
    """The numbers of clusters kept, coarse first: the best score; the best among at most
    1/STEP as many; the best among at least STEP times as many (ties: the fewer clusters)."""

    def best(ks):
        return max(ks, key=lambda k: (scores[k], -k))

    preferred = best(scores)
    coarser = [k for k in scores if k * STEP <= preferred]
    finer = [k for k in scores if k >= preferred * STEP]
    return ([best(coarser)] if coarser else []) + [preferred] + ([best(finer)] if finer else [])


def _silhouettes(xy: np.ndarray, cuts: dict[int, np.ndarray]) -> dict[int, float]:
    """Mean silhouette of each cut (a cut of fewer than 2 distinct clusters scores -1)."""
    from scipy.spatial.distance import pdist, squareform
    from sklearn.metrics import silhouette_score

    dist = squareform(pdist(xy))
    out = {}
    for k, labels in cuts.items():
        found = len(np.unique(labels))
        ok = 2 <= found < len(labels)
        out[k] = float(silhouette_score(dist, labels, metric="precomputed")) if ok else -1.0
    return out


def _distinct(levels: list[np.ndarray]) -> list[np.ndarray]:
    """Levels less any that repeats the one before (ties in the tree can merge two cuts)."""
    out: list[np.ndarray] = []
    for labels in levels:
        if not out or int(labels.max()) != int(out[-1].max()):
            out.append(labels)
    return out


def sample_rows(n: int, random_state: int, at_most: int | None = None) -> np.ndarray | None:
    """A seeded sample of ``at_most`` (default ``FIT_AT_MOST``) of ``n`` rows, in order (None
    when all fit)."""
    at_most = FIT_AT_MOST if at_most is None else at_most
    if n <= at_most:
        return None
    rng = np.random.default_rng(random_state)
    return np.sort(rng.choice(n, at_most, replace=False))


def assign_rest(xy: np.ndarray, fit_rows: np.ndarray, levels: list[np.ndarray]) -> list[np.ndarray]:
    """Every point takes the labels of its nearest sampled point (the sampled keep their own)."""
    from scipy.spatial import cKDTree

    _, nearest = cKDTree(xy[fit_rows]).query(xy, k=1)
    nearest[fit_rows] = np.arange(len(fit_rows))
    return [labels[nearest] for labels in levels]
