"""What the map component receives, built as plain functions (tested without a browser).

Two binary blobs go to the browser once each and are found there by their content id:

- points (``EEP1``): header JSON (id, n, dims, bounds), float32 coordinates (n × dims), uint32
  label offsets (n + 1) and the UTF-8 labels, each cut to :data:`LABEL_CHARS` characters;
- colours (``EEC1``): header JSON (id, palette, names), uint16 colour code per point.

Every section starts on a multiple of 4 bytes. The per-click "view" is a small JSON dict. The
browser's side of both (the layouts byte by byte, and the view's fields) is written down in
``static/map/contract.js``: change the two together.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from core.keys import digest

LABEL_CHARS = 200  # hover text per point; the full text is in the neighbour list and tables
MISSING = "#ADB5BD"
# 24 colours told apart at a glance (Plotly's Dark24), then 24 lighter ones (Light24).
PALETTE = [
    "#2E91E5",
    "#E15F99",
    "#1CA71C",
    "#FB0D0D",
    "#DA16FF",
    "#222A2A",
    "#B68100",
    "#750D86",
    "#EB663B",
    "#511CFB",
    "#00A08B",
    "#FB00D1",
    "#FC0080",
    "#B2828D",
    "#6C7C32",
    "#778AAE",
    "#862A16",
    "#A777F1",
    "#620042",
    "#1616A7",
    "#DA60CA",
    "#6C4516",
    "#0D2A63",
    "#AF0038",
    "#FD3216",
    "#00FE35",
    "#6A76FC",
    "#FED4C4",
    "#FE00CE",
    "#0DF9FF",
    "#F6F926",
    "#FF9616",
    "#479B55",
    "#EEA6FB",
    "#DC587D",
    "#D626FF",
    "#6E899C",
    "#00B5F7",
    "#B68E00",
    "#C9FBE5",
    "#FF0092",
    "#22FFA7",
    "#E3EE9E",
    "#86CE00",
    "#BC7196",
    "#7E7DCD",
    "#FC6955",
    "#E48F72",
]
RAMP = ("#440154", "#3B528B", "#21918C", "#5EC962", "#FDE725")  # viridis, 5 stops
RAMP_STEPS = 255
MISSING_NAME = "(none)"  # the category of a missing value
OTHER = "(other)"  # the categories beyond the palette, together
NOISE = "(noise)"  # items in no cluster


@dataclass
class Colouring:
    """One colour code per point; code c is drawn in ``palette[c]`` and named ``names[c]``."""

    codes: np.ndarray  # uint16 (n,)
    palette: list[str]
    names: list[str]
    kind: str  # "categorical" or "numeric"
    title: str
    counts: list[int] = field(default_factory=list)
    range: tuple[float, float] | None = None  # numeric: the values at the ramp's ends
    range_labels: tuple[str, str] | None = None  # how the ends read when not as numbers (dates)


def _natural(value: str) -> list:
    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", value)]


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def colouring(
    values: Sequence[object], title: str, *, natural_order: bool = False, ramp: bool = False
) -> Colouring:
    """Colour codes for a column: a ramp when asked for (numbers) or when every present value is
    a number and there are more than 12 distinct ones, otherwise a categorical palette in order
    of first appearance (or natural order, so "cluster 2" comes before "cluster 10"). Missing
    values are grey."""
    if ramp:
        return _ramp(values, title)
    present = [v for v in values if v is not None and not (_is_number(v) and math.isnan(v))]
    if present and all(_is_number(v) for v in present) and len(set(present)) > 12:
        return _ramp(values, title)
    return _categories(values, title, natural_order)


def _categories(values, title: str, natural_order: bool) -> Colouring:
    names = [MISSING_NAME if _missing(v) else str(v) for v in values]
    order = list(dict.fromkeys(names))
    if natural_order:
        order.sort(key=_natural)
    counts = {name: 0 for name in order}
    for name in names:
        counts[name] += 1
    if len(order) > len(PALETTE):  # the largest categories keep a colour, the rest share grey
        top = set(sorted(order, key=lambda c: -counts[c])[: len(PALETTE) - 1])
        order = [c for c in order if c in top] + [OTHER]
        counts[OTHER] = sum(counts[c] for c in counts if c not in top)
    code_of = {name: i for i, name in enumerate(order)}
    other = code_of.get(OTHER)
    codes = np.fromiter((code_of.get(n, other) for n in names), dtype=np.uint16, count=len(names))
    palette = [
        MISSING if c in (OTHER, MISSING_NAME, NOISE) else PALETTE[i] for i, c in enumerate(order)
    ]
    return Colouring(codes, palette, order, "categorical", title, [counts[c] for c in order])


def _missing(v: object) -> bool:
    return v is None or (_is_number(v) and math.isnan(float(v)))  # type: ignore[arg-type]


def _ramp(values, title: str) -> Colouring:
    x = np.array([np.nan if _missing(v) else float(v) for v in values], dtype=np.float64)
    lo, hi = float(np.nanmin(x)), float(np.nanmax(x))
    step = (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)
    codes = np.where(np.isnan(x), 0, 1 + np.rint(np.nan_to_num(step) * (RAMP_STEPS - 1)))
    palette = [MISSING] + [_ramp_colour(i / (RAMP_STEPS - 1)) for i in range(RAMP_STEPS)]
    names = [MISSING_NAME] + [
        f"{lo + (hi - lo) * i / (RAMP_STEPS - 1):.4g}" for i in range(RAMP_STEPS)
    ]
    return Colouring(codes.astype(np.uint16), palette, names, "numeric", title, range=(lo, hi))


def date_colouring(days: np.ndarray, title: str) -> Colouring:
    """A ramp over time (``days`` since 1970, nan missing), its ends and names read as dates."""
    col = _ramp([None if np.isnan(d) else float(d) for d in days], title)
    as_date = lambda d: str(np.datetime64(int(round(d * 86_400)), "s"))[:10]  # noqa: E731
    col.names = [MISSING_NAME] + [as_date(float(n)) for n in col.names[1:]]
    col.range_labels = (as_date(col.range[0]), as_date(col.range[1]))  # type: ignore[index]
    return col


def _ramp_colour(t: float) -> str:
    pos = t * (len(RAMP) - 1)
    i = min(int(pos), len(RAMP) - 2)
    a, b = (np.array([int(c[j : j + 2], 16) for j in (1, 3, 5)]) for c in RAMP[i : i + 2])
    rgb = np.rint(a + (b - a) * (pos - i)).astype(int)
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def _pad4(raw: bytes, fill: bytes = b"\0") -> bytes:
    return raw + fill * (-len(raw) % 4)


def _blob(magic: bytes, header: dict, body: list[bytes]) -> tuple[str, bytes]:
    header = {**header, "id": digest(*body, json.dumps(header, sort_keys=True), size=12)}
    head = _pad4(json.dumps(header).encode(), b" ")
    raw = b"".join([magic, np.uint32(len(head)).tobytes(), head, *(_pad4(p) for p in body)])
    return header["id"], raw


def points_blob(coords: np.ndarray, labels: Sequence[str]) -> tuple[str, bytes]:
    """(content id, bytes) of the points: coordinates and hover labels (``PointsHeader`` and
    its layout in static/map/contract.js)."""
    xy = np.ascontiguousarray(coords, dtype="<f4")
    n, dims = xy.shape
    if len(labels) != n:
        raise ValueError(f"{len(labels)} labels for {n} points")
    encoded = [_cut(str(t)).encode("utf-8", "replace") for t in labels]
    offsets = np.zeros(n + 1, dtype="<u4")
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    lo = xy.min(axis=0) if n else np.zeros(dims)
    hi = xy.max(axis=0) if n else np.zeros(dims)
    header = {"kind": "points", "n": n, "dims": dims, "min": lo.tolist(), "max": hi.tolist()}
    return _blob(b"EEP1", header, [xy.tobytes(), offsets.tobytes(), b"".join(encoded)])


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def colours_blob(col: Colouring) -> tuple[str, bytes]:
    """(content id, bytes) of a colouring: the palette and one code per point
    (``ColoursHeader`` and its layout in static/map/contract.js)."""
    header = {"kind": "colours", "n": len(col.codes), "palette": col.palette, "names": col.names}
    return _blob(b"EEC1", header, [np.ascontiguousarray(col.codes, dtype="<u2").tobytes()])


def decode(raw: bytes) -> tuple[dict, list[np.ndarray], bytes]:
    """The inverse of the two builders (for tests and checks): header, arrays, label bytes."""
    magic, size = raw[:4], int(np.frombuffer(raw[4:8], dtype="<u4")[0])
    header = json.loads(raw[8 : 8 + size])
    at, n = 8 + size, header["n"]
    if magic == b"EEC1":
        return header, [np.frombuffer(raw, dtype="<u2", count=n, offset=at)], b""
    xy = np.frombuffer(raw, dtype="<f4", count=n * header["dims"], offset=at)
    at += xy.nbytes
    offsets = np.frombuffer(raw, dtype="<u4", count=n + 1, offset=at)
    at += offsets.nbytes
    return header, [xy.reshape(n, header["dims"]), offsets], raw[at : at + int(offsets[-1])]


def legend(col: Colouring) -> dict:
    """What the legend shows: a ramp's two ends, or each category's colour, name and count."""
    if col.kind == "numeric" and col.range:
        shown = {"range_labels": list(col.range_labels)} if col.range_labels else {}
        return {"title": col.title, "kind": "numeric", "range": list(col.range), "ramp": RAMP,
                **shown}  # fmt: skip
    entries = [
        {"name": name, "colour": colour, "count": count}
        for name, colour, count in zip(col.names, col.palette, col.counts, strict=True)
    ]
    return {"title": col.title, "kind": "categorical", "entries": entries}
