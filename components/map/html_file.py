"""The map as one standalone HTML file: the vendored deck.gl and a small viewer
(static/map/export.js) inlined, the points' coordinates and colours as base64 and their
texts as JSON. It opens offline in any browser, with zoom, pan and hover labels, and a legend.
User text never becomes markup: labels are JSON with <, > and & escaped, titles HTML-escaped."""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

import numpy as np

from components.map.payload import Colouring

STATIC = Path(__file__).resolve().parents[2] / "static"
DECK = STATIC / "vendor" / "deck.gl" / "dist.min.js"
VIEWER = STATIC / "map" / "export.js"
MAX_POINTS = 200_000  # a bigger file is slow to open; the CSV downloads carry any size
LEGEND_ENTRIES = 30

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
html, body {{ margin: 0; height: 100%; font: 14px system-ui, sans-serif; color: #212529; }}
#head {{ padding: 8px 14px; border-bottom: 1px solid #dee2e6; }}
#head h1 {{ font-size: 18px; margin: 0 0 2px; }}
#map {{ position: absolute; top: 62px; left: 0; right: 240px; bottom: 0; }}
#legend {{ position: absolute; top: 62px; right: 0; width: 228px; bottom: 0; overflow: auto;
  padding: 8px; border-left: 1px solid #dee2e6; }}
#legend div {{ display: flex; gap: 6px; align-items: center; margin: 3px 0; overflow-wrap: anywhere; }}
#legend span.sw {{ width: 12px; height: 12px; border-radius: 50%; flex: none; }}
</style></head><body>
<div id="head"><h1>{title}</h1><div>{subtitle}</div></div>
<div id="map"></div><div id="legend">{legend}</div>
<script>{deck}</script>
<script>window.EE_DATA = {data};</script>
<script>{viewer}</script>
</body></html>
"""


def _rgba(col: Colouring) -> np.ndarray:
    rgb = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in col.palette], np.uint8)
    out = np.full((len(col.codes), 4), 215, dtype=np.uint8)
    out[:, :3] = rgb[np.asarray(col.codes, dtype=np.int64)]
    return out


def _legend(col: Colouring) -> str:
    head = f"<b>Colour: {html.escape(col.title)}</b>"
    if col.kind == "numeric" and col.range:
        ramp = ", ".join(col.palette[1:])
        return (f'{head}<div style="height:12px;background:linear-gradient(to right, {ramp})">'
                f"</div><div>{col.range[0]:.4g} … {col.range[1]:.4g}</div>")  # fmt: skip
    rows = [
        f'<div><span class="sw" style="background:{colour}"></span>{html.escape(name)} ({count:,})</div>'
        for name, colour, count in list(zip(col.names, col.palette, col.counts, strict=True))[
            :LEGEND_ENTRIES
        ]
    ]
    return head + "".join(rows)


def _json(value) -> str:
    """JSON safe inside a <script> element, whatever the texts hold."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def build(coords: np.ndarray, texts: list[str], col: Colouring, title: str, subtitle: str) -> bytes:
    """The standalone HTML file of a map (raises ValueError above MAX_POINTS points)."""
    n, dims = coords.shape
    if n > MAX_POINTS:
        raise ValueError(f"{n:,} points: the HTML map takes up to {MAX_POINTS:,}.")
    data = {
        "n": n,
        "dims": dims,
        "coords": base64.b64encode(np.ascontiguousarray(coords, dtype="<f4").tobytes()).decode(),
        "rgba": base64.b64encode(_rgba(col).tobytes()).decode(),
        "labels": [t[:300] for t in texts],
    }
    page = PAGE.format(
        title=html.escape(title),
        subtitle=html.escape(subtitle),
        legend=_legend(col),
        deck=DECK.read_text(encoding="utf-8"),
        data=_json(data),
        viewer=VIEWER.read_text(encoding="utf-8"),
    )
    return page.encode("utf-8")
