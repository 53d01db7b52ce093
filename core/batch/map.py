"""Maps of a batch folder: UMAP (or PCA) fitted on a sample of the shards' vectors, every other
row placed by the fitted model (:mod:`core.project.placement`), one shard in memory at a time.
``python -m core.batch map DIR`` runs it; so does ``encode --map``."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.errors import InputError
from core.io.shards import read_vectors, rewrite_with, shard_paths, shard_sizes
from core.progress import Report
from core.project.placement import DEFAULT_SAMPLE, Placement, Placer, sample_rows


def place_shards(folder: str | Path, *, method: str = "umap", n_components: int = 2,
                 sample: int = DEFAULT_SAMPLE, random_state: int = 0,
                 progress: Report | None = None) -> Placement:  # fmt: skip
    """Add map coordinates (x, y[, z]) to every shard of a batch folder, rewriting each shard
    (under a temporary name, then renamed). The sample is read shard by shard."""
    paths = shard_paths(folder)
    sizes = shard_sizes(paths)
    n = int(sum(sizes))
    if n == 0:
        raise InputError(f"{folder} holds no encoded rows to map.")
    rows = sample_rows(n, sample, random_state)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    picked = [read_vectors(p, rows[(rows >= a) & (rows < b)] - a)
              for p, a, b in zip(paths, starts[:-1], starts[1:], strict=True)]  # fmt: skip
    placer = Placer(method, n_components=n_components, random_state=random_state)
    fitted = placer.fit(np.concatenate(picked))
    taken = 0
    for i, (path, a, b) in enumerate(zip(paths, starts[:-1], starts[1:], strict=True)):
        mine = rows[(rows >= a) & (rows < b)] - a
        rest = np.setdiff1d(np.arange(b - a), mine, assume_unique=True)
        coords = np.empty((b - a, n_components), np.float32)
        coords[mine] = fitted[taken : taken + len(mine)]  # sampled rows keep the fit's place
        if len(rest):
            coords[rest] = placer.place(read_vectors(path, rest))
        taken += len(mine)
        rewrite_with(path, coords, method=method, sample=len(rows), n=n)
        if progress:
            progress((i + 1) / len(paths), f"placed shard {i + 1} of {len(paths)}")
    return Placement(method, n, len(rows), random_state)
