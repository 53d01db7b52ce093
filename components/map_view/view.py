"""The small per-click part of the map: which row is picked, what is ringed and listed.

Plain functions of numbers and texts (no Streamlit): the click → neighbours handler and the
JSON the view element gets. Texts travel as JSON strings and the browser puts them in the page
with ``textContent``, so user text is always shown as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.index import NeighbourIndex
from core.neighbours import SCORE_NAMES, Neighbour

MAX_RINGED_MATCHES = 2_000  # a search matching more rings the first ones (and says how many)
LIST_CHARS = 300  # a neighbour's text in the list beside the map; the table below has it whole


def clicked_row(value: Any, n: int) -> int | None:
    """The row id a click sent back, or None for "clear" (-1), junk or an id out of range."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    row = int(value)
    return row if row == value and 0 <= row < n else None


def selected_ids(value: Any, n: int) -> list[int]:
    """The row ids of a lasso selection, deduplicated, in range, in the order sent."""
    if not isinstance(value, (list, tuple)):
        return []
    rows = (clicked_row(v, n) for v in value)
    return list(dict.fromkeys(r for r in rows if r is not None))


def neighbours_of(index: NeighbourIndex, row: int | None, k: int) -> list[Neighbour]:
    """The click → neighbours handler: row's k nearest in the full space (none for no row)."""
    if row is None or len(index) < 2:
        return []
    return index.query(int(row), k=int(k))


def listed(
    found: Sequence[Neighbour], texts: Sequence[str], labels: Sequence[str]
) -> list[dict[str, Any]]:
    """Neighbours as the panel lists them: id, text (cut), group, score."""
    return [
        {"id": x.index, "text": _cut(texts[x.index]), "group": labels[x.index], "score": x.score}
        for x in found
    ]


def _cut(text: str) -> str:
    return text if len(text) <= LIST_CHARS else text[: LIST_CHARS - 1] + "…"


def view_data(
    *,
    points: str,
    colours: str,
    dims: int,
    texts: Sequence[str],
    labels: Sequence[str],
    selected: int | None = None,
    neighbours: Sequence[Neighbour] = (),
    metric: str = "cosine",
    matches: Sequence[int] = (),
    meaning: Sequence[Neighbour] = (),
    query: str = "",
    legend: dict | None = None,
    selection: int = 0,
    show_labels: bool = False,
) -> dict[str, Any]:
    """Everything the view element needs besides the two blobs (named by their ids)."""
    return {
        "points": points,
        "colours": colours,
        "dims": dims,
        "selected": selected,
        "selected_text": _cut(texts[selected]) if selected is not None else None,
        "neighbours": listed(neighbours, texts, labels),
        "score_name": SCORE_NAMES[metric],
        "lower_is_nearer": metric == "euclidean",
        "matches": [int(i) for i in matches[:MAX_RINGED_MATCHES]],
        "match_count": len(matches),
        "meaning": listed(meaning, texts, labels),
        "query": query,
        "legend": legend,
        "selection": selection,
        "labels": show_labels,
    }
