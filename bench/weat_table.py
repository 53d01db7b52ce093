"""The ten standard WEATs of Caliskan, Bryson & Narayanan (2017) on the bundled GloVe 6B 50d, beside
the figures the paper published for GloVe 840B 300d, as a markdown table (README.md's "WEAT on the
bundled GloVe").

    .venv/bin/python bench/weat_table.py

Our p is core.directions.weat's: exact over every equal split of X ∪ Y up to 100,000 splits (8 words a
side), else 100,000 random splits drawn with seed 0, so the table is the same on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `core` importable

from core.directions.weat import WeatResult, weat_words  # noqa: E402
from core.directions.weat_lists import STANDARD, WeatTest  # noqa: E402
from core.models.registry import GLOVE, load_model  # noqa: E402

HEADER = (
    "| Test | Words kept, X / Y / A / B (of published) | d here | p here | d published "
    "| p published |\n|---|---|---:|---:|---:|---:|"
)


def _p(r: WeatResult) -> str:
    how = "exact" if r.exact else "sampled"
    if r.p_value == 0:  # no split beat the observed one
        return f"< 1/{r.n_partitions:,} ({how})"
    return f"{r.p_value:.2g} ({how})"


def row(test: WeatTest, r: WeatResult) -> str:
    """One markdown table row: what GloVe kept of each set, our d and p, the paper's."""
    kept = " / ".join(
        f"{r.sizes[k]} ({len(words)})" for k, words in zip("XYAB", test.sets, strict=True)
    )
    return (
        f"| {test.title} | {kept} | {r.effect_size:.2f} | {_p(r)} | {test.published_d:.2f} "
        f"| {test.published_p_text.split(' ', 1)[1]} |"
    )


def table() -> str:
    glove = load_model(GLOVE)
    lines = [HEADER]
    for test in STANDARD.values():
        lines.append(row(test, weat_words(glove, *test.sets, random_state=0)))
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
