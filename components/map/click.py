"""The small per-click part of the map: which row is picked, what is ringed and listed.

Plain functions of numbers and texts (no Streamlit): the click → neighbours handler and the
JSON the view element gets. Texts travel as JSON strings and the browser puts them in the page
with ``textContent``, so user text is always shown as text. Headings and list entries are
shortened here (:func:`components.text.short`); the longer text travels beside them for the
browser's hover title.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from components.text import short
from core.neighbours.exact import SCORE_NAMES, Neighbour
from core.neighbours.index import NeighbourIndex

MAX_RINGED_MATCHES = 2_000  # a search matching more rings the first ones (and says how many)
MAX_RINGED_SELECTION = 5_000  # a selection made in Python (a cluster) rings its first rows
HEADING_CHARS = 80  # the picked item (or the query) as the heading of the list beside the map
LIST_CHARS = 160  # a neighbour's text in that list; the table below the map has it whole
TITLE_CHARS = 400  # a listed neighbour's text on hover, when the list shows it shortened
FULL_CHARS = 2_000  # the picked item's text on hover over its heading


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
    """Neighbours as the panel lists them: id, text (shortened, with "full" for the hover when
    it was), group, score."""
    out = []
    for x in found:
        text = texts[x.index]
        entry = {
            "id": x.index,
            "text": short(text, LIST_CHARS),
            "group": short(labels[x.index], LIST_CHARS),
            "score": x.score,
        }
        if entry["text"] != text:
            entry["full"] = short(text, TITLE_CHARS)
        out.append(entry)
    return out


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
    clusters: dict | None = None,
    zoom_to: dict | None = None,
    selection_rows: Sequence[int] = (),
    filter: dict | None = None,  # noqa: A002 (the view's field)
) -> dict[str, Any]:
    """Everything the view element needs besides the two blobs (named by their ids)."""
    return {
        "points": points,
        "colours": colours,
        "dims": dims,
        "selected": selected,
        "selected_text": short(texts[selected], HEADING_CHARS) if selected is not None else None,
        "selected_full": short(texts[selected], FULL_CHARS) if selected is not None else None,
        "neighbours": listed(neighbours, texts, labels),
        "score_name": SCORE_NAMES[metric],
        "lower_is_nearer": metric == "euclidean",
        "matches": [int(i) for i in matches[:MAX_RINGED_MATCHES]],
        "match_count": len(matches),
        "meaning": listed(meaning, texts, labels),
        "query": short(query, HEADING_CHARS),
        "query_full": short(query, FULL_CHARS),
        "legend": legend,
        "selection": selection,
        "selection_rows": [int(i) for i in selection_rows[:MAX_RINGED_SELECTION]],
        "labels": show_labels,
        "clusters": clusters,
        "zoom_to": zoom_to,
        "filter": filter,
    }
