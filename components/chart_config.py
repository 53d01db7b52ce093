"""What the camera in every chart's toolbar downloads: PNG (the default, at twice the screen's
resolution) or SVG (sharp at any size, editable in vector tools), chosen once in the sidebar.

plotly.js draws both in the browser, so no server-side renderer (kaleido) is needed. Every
``st.plotly_chart`` passes ``config=picture(name)``; the sidebar's :func:`control` sets the
format for all of them.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from components.frame.state import persist

KEY = "chart_format"
FORMATS = {"png": "PNG", "svg": "SVG"}
NO_CHARTS = {"map", "data"}  # pages without plotly charts: the sidebar keeps its room there


def picture(name: str) -> dict[str, Any]:
    """The ``config`` for one chart: the toolbar's download in the chosen format, as
    ``<name>.png`` or ``<name>.svg``."""
    fmt = st.session_state.get(KEY) or "png"
    if fmt not in FORMATS:
        fmt = "png"
    filename = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "chart"
    options: dict[str, Any] = {"format": fmt, "filename": filename}
    if fmt == "png":
        options["scale"] = 2  # crisp on slides and high-density screens
    return {"toImageButtonOptions": options, "displaylogo": False}


def control(page: str) -> None:
    """The sidebar's "Chart pictures" choice (kept across pages; shown where there are charts)."""
    persist(KEY)
    if st.session_state.get(KEY) not in FORMATS:  # a click on the chosen one unselects it
        st.session_state[KEY] = "png"
    if page in NO_CHARTS:
        return
    st.segmented_control(
        "Chart pictures", list(FORMATS), key=KEY, format_func=FORMATS.get,
        help="What the camera in each chart's toolbar (top right of a chart, on hover) "
        "downloads: PNG, a picture; SVG, sharp at any size and editable in vector tools.",
    )  # fmt: skip
