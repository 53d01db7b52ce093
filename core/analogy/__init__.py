"""Word analogies ("a is to b as c is to ?"), answered as gensim answers them and shown honestly."""

from __future__ import annotations

from core.analogy.answer import AnalogyResult, analogy
from core.analogy.candidates import Pool, pool

__all__ = [
    "AnalogyResult",
    "Pool",
    "analogy",
    "pool",
]
