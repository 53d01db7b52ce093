"""Progress of long computations: the two callback types every module uses, and one real
fraction from the hooks the libraries offer (openTSNE's callbacks every few iterations, the tqdm
bar umap-learn draws over its epochs).

Work that counts items reports ``progress(done, total)`` (:data:`Progress`; ``total`` is None
while unknown, as when a corpus is read in pieces). Work in steps reports
``progress(fraction, message)`` (:data:`Report`), fraction in [0, 1]. Each method's work comes in
steps (neighbours first, then the layout iterations); a :class:`Steps` maps each step's own
fraction onto its share of the whole, so the bar never runs backwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

Progress = Callable[[int, int | None], None]
Report = Callable[[float, str], None]


class Steps:
    """Steps of one job with their shares of the total time, e.g. ``[("neighbours", .25),
    ("layout", .75)]``; ``step(i, f)`` reports step i as a fraction f done."""

    def __init__(self, report: Report | None, shares: Sequence[tuple[str, float]]) -> None:
        total = sum(share for _, share in shares)
        self.report = report
        self.names = [name for name, _ in shares]
        self.starts, self.shares, at = [], [], 0.0
        for _, share in shares:
            self.starts.append(at / total)
            self.shares.append(share / total)
            at += share

    def step(self, i: int, fraction: float = 0.0) -> None:
        if self.report is None:
            return
        f = min(1.0, max(0.0, fraction))
        label = f"step {i + 1} of {len(self.names)}: {self.names[i]}"
        self.report(self.starts[i] + self.shares[i] * f, label)


def tsne_callback(steps: Steps, i: int, total_iters: int, every: int) -> Callable[..., bool]:
    """An openTSNE callback (called every ``every`` iterations over both of its optimisation
    phases) that reports step i; it returns False, so the optimisation always goes on."""
    calls = [0]

    def callback(*_args) -> bool:
        calls[0] += 1
        steps.step(i, calls[0] * every / total_iters)
        return False

    return callback


_COUNT = re.compile(r"(\d+)/(\d+)")


class TqdmFile:
    """A file for tqdm's ``file=`` argument that turns the bar's "n/total" into step i's
    fraction (umap-learn takes ``tqdm_kwds``; see :func:`tqdm_kwds`)."""

    def __init__(self, steps: Steps, i: int) -> None:
        self.steps, self.i = steps, i

    def write(self, text: str) -> int:
        found = _COUNT.findall(text)
        if found:
            done, total = (int(x) for x in found[-1])
            if total:
                self.steps.step(self.i, done / total)
        return len(text)

    def flush(self) -> None:
        pass


def tqdm_kwds(steps: Steps, i: int) -> dict:
    """What to pass as umap-learn's ``tqdm_kwds`` so its epochs report to step i."""
    return {
        "disable": False,
        "file": TqdmFile(steps, i),
        "bar_format": "{n}/{total}",
        "mininterval": 0.5,
        "ascii": True,
    }
