"""Directions in a space and what lies along them: made from words, pairs, sets or a typed formula;
removed from a model (hard debias); and WEAT, with the ten standard tests.
"""

from __future__ import annotations

from core.directions.debias import DebiasedEncoder, debiased, leaning
from core.directions.direction import Direction, along, from_pairs, from_sets, from_two, remove
from core.directions.formula import combine, parse
from core.directions.weat import WeatResult, weat, weat_words
from core.directions.weat_lists import STANDARD, WeatTest

__all__ = [
    "DebiasedEncoder",
    "Direction",
    "STANDARD",
    "WeatResult",
    "WeatTest",
    "along",
    "combine",
    "debiased",
    "from_pairs",
    "from_sets",
    "from_two",
    "leaning",
    "parse",
    "remove",
    "weat",
    "weat_words",
]
