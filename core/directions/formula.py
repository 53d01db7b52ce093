"""Typed vector formulas, parsed by a small grammar (never ``eval``):

    formula := ["+" | "-"] term (("+" | "-") term)*
    term    := [number ["*"]] (item | "avg(" formula ("," formula)* ")")
    item    := a word or phrase ("ice cream", "self-esteem")

``king - man + woman`` → {king: 1, man: -1, woman: 1}; ``avg(good, great) - bad`` →
{good: .5, great: .5, bad: -1}; ``2*hot - 0.5 cold``. A minus sign is an operator when spaces
surround it or it starts a term (``a - b``, ``-b``), and part of a word inside one
(``self-esteem``); "−" (U+2212) works too. The result is a weight per item, in the order the
items first appear; :func:`combine` adds the items' unit vectors with those weights.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from core.errors import InputError
from core.vectors import normalize_rows

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)(?![\w-])|(?P<avg>avg)\s*\(|(?P<sym>[(),*+\u2212])"
    r"|(?P<minus>-)|(?P<word>[^\s(),*+\u2212-][^(),*+\u2212]*?)(?=\s+[-+\u2212](?:\s|$)"
    r"|\s*[(),*+\u2212]|\s*$|\s+-\S))"
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise InputError(f"Cannot read the formula at “{text[pos : pos + 20]}”.")
        kind = m.lastgroup or ""
        value = m.group(kind).strip()
        out.append(("sym", "-") if kind in ("minus", "sym") and value in "-\u2212" else (
            ("sym", value) if kind == "sym" else (kind, value)))  # fmt: skip
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise InputError(f"The formula “{self.text}” ends too early: a word is missing.")
        self.i += 1
        return tok

    def formula(self) -> dict[str, float]:
        weights: dict[str, float] = {}
        sign = 1.0
        if self.peek() in (("sym", "+"), ("sym", "-")):
            sign = -1.0 if self.take()[1] == "-" else 1.0
        while True:
            for item, w in self.term().items():
                weights[item] = weights.get(item, 0.0) + sign * w
            if self.peek() not in (("sym", "+"), ("sym", "-")):
                return weights
            sign = -1.0 if self.take()[1] == "-" else 1.0

    def term(self) -> dict[str, float]:
        scale = 1.0
        if self.peek() and self.peek()[0] == "num" and self._number_is_weight():
            scale = float(self.take()[1])
            if self.peek() == ("sym", "*"):
                self.take()
        kind, value = self.take()
        if kind == "avg":
            parts = [self.formula()]
            while self.peek() == ("sym", ","):
                self.take()
                parts.append(self.formula())
            if self.take() != ("sym", ")"):
                raise InputError(f"In “{self.text}”, avg( … ) needs its closing parenthesis.")
            out: dict[str, float] = {}
            for part in parts:
                for item, w in part.items():
                    out[item] = out.get(item, 0.0) + scale * w / len(parts)
            return out
        if kind in ("word", "num"):
            return {value: scale}
        raise InputError(f"In “{self.text}”, expected a word where “{value}” stands.")

    def _number_is_weight(self) -> bool:
        nxt = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else None
        return nxt is not None and (nxt[0] in ("word", "avg") or nxt == ("sym", "*"))


def parse(text: str) -> dict[str, float]:
    """Weights per item of a formula; raises InputError (naming the spot) if it does not parse."""
    if not isinstance(text, str) or not text.strip():
        raise InputError(
            "The formula is empty: type words joined by + and -, e.g. king - man + woman."
        )
    p = _Parser(text)
    weights = p.formula()
    if p.peek() is not None:
        raise InputError(f"Cannot read the formula “{text}” from “{p.peek()[1]}” on.")
    return {item: w for item, w in weights.items() if w != 0}


def combine(weights: dict[str, float], encode: Callable[[Sequence[str]], np.ndarray]) -> np.ndarray:
    """Σ weight × unit(vector of item) (the way 3CosAdd adds words), as float32."""
    if not weights:
        raise InputError("The formula cancels out: every item's weights add up to zero.")
    items = list(weights)
    units = normalize_rows(np.asarray(encode(items), dtype=np.float64))
    return (np.array([weights[i] for i in items]) @ units).astype(np.float32)
