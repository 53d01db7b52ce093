"""The sidebar's "Chart pictures" choice: what the camera in every chart's toolbar downloads
(plotly.js makes the PNG or SVG in the browser; the browser test downloads both)."""

from __future__ import annotations

import json

from apptest_helpers import assert_ok, new_app, open_page


def configs(at) -> list[dict]:
    return [json.loads(c.proto.config)["toImageButtonOptions"] for c in at.get("plotly_chart")]


def test_charts_download_png_by_default_and_svg_when_chosen_on_every_page():
    at = open_page(new_app(), "start")
    assert at.segmented_control(key="chart_format").value == "png"
    assert configs(at) == [{"format": "png", "filename": "start_heatmap", "scale": 2}]
    at.segmented_control(key="chart_format").set_value("svg").run()
    assert_ok(at)
    assert configs(at) == [{"format": "svg", "filename": "start_heatmap"}]
    open_page(at, "map")  # no charts there: no choice in the sidebar, and it is kept
    assert not [s for s in at.segmented_control if s.key == "chart_format"]
    open_page(at, "similarity")
    assert at.segmented_control(key="chart_format").value == "svg"
    assert configs(at) == [{"format": "svg", "filename": "sim_heatmap"}]


def test_unselecting_the_choice_falls_back_to_png():
    at = open_page(new_app(), "start")
    at.segmented_control(key="chart_format").set_value(None).run()
    assert_ok(at)
    assert at.segmented_control(key="chart_format").value == "png"
    assert configs(at)[0]["format"] == "png"
