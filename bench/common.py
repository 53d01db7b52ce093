"""What every benchmark shares: the result row, timing, verdicts and deterministic test sentences."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASS, MISS, INFO, SKIP = "pass", "miss", "info", "not measured"


@dataclass
class Row:
    """One line of the results table.

    ``measured`` and ``target`` are display strings; ``status`` is pass, miss, info or
    "not measured"; ``note`` says how it was measured and by how much it passed or missed; ``why`` explains a miss.
    """

    key: str
    section: str
    what: str
    measured: str
    target: str
    status: str
    note: str = ""
    why: str = ""  # for a miss: the cause, in a sentence or two
    others: str = ""  # share of the CPUs other processes used during this bench (set by run.py)

    def as_dict(self) -> dict:
        return asdict(self)


def load_average() -> str:
    """The 1-minute load average (2 cores: above 2 means something else competed for the CPU)."""
    return f"{os.getloadavg()[0]:.1f}"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def seconds(s: float) -> str:
    if s < 1:
        return f"{s * 1000:.1f} ms"
    return f"{s:.2f} s"


def at_most(
    value: float, limit: float, *, fmt: Callable[[float], str] = seconds
) -> tuple[str, str]:
    """(status, how-much note) for a value that must stay at or below limit."""
    if value <= limit:
        return PASS, f"{fmt(limit - value)} under the target"
    return MISS, f"missed by {fmt(value - limit)} ({value / limit:.1f}× the target)"


def at_least(value: float, limit: float, *, unit: str = "×") -> tuple[str, str]:
    """(status, how-much note) for a value that must reach limit."""
    if value >= limit:
        return PASS, f"{value / limit:.2f}× the minimum"
    return (
        MISS,
        f"missed: {value:.3g}{unit} instead of ≥ {limit:g}{unit} ({value / limit:.0%} of it)",
    )


def skipped(key: str, section: str, what: str, target: str, reason: str) -> Row:
    return Row(key, section, what, "—", target, SKIP, f"not measured: {reason}")


_TEMPLATES = (
    "The {a} and the {b} were discussed at length in {c}.",
    "Why does the {a} matter so much for {b}?",
    "She wrote a short story about a {a} who loved {b}.",
    "Experts say {a} could change how we think about {b}.",
    "Our team spent the whole week fixing the {a} near the {b}.",
    "I never expected the {a} to be cheaper than the {b}.",
    "A new report links {a} to rising interest in {b}.",
    "He asked whether the {a} would arrive before the {b}.",
    "The museum opened an exhibit on {a}, {b} and {c}.",
    "Nobody in {c} remembers the {a} from that year.",
    "Can a {a} really replace a good {b}?",
    "They met at the {a} to talk about {b} and {c}.",
    "My grandmother kept a {a} in the kitchen for {b}.",
    "Students learned how {a} shaped the history of {c}.",
)


def sentences(n: int, *, seed: int = 0) -> list[str]:
    """n distinct, realistic short sentences, the same for the same (n, seed).

    Templates filled with GloVe's frequent alphabetic words (ranks 150–30,000, skipping the
    stop words at the top), so texts vary in length and topic like real input.
    """
    from core.io.datasets import glove_top

    words = [w for w in glove_top(30_000).texts[150:] if w.isalpha() and len(w) >= 4]
    rng = random.Random(seed)
    out: dict[str, None] = {}
    while len(out) < n:
        template = rng.choice(_TEMPLATES)
        a, b, c = rng.sample(words, 3)
        text = template.format(a=a, b=b, c=c.capitalize())
        out.setdefault(text[0].upper() + text[1:], None)
    return list(out)
