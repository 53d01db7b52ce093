"""Each page's Python recipe, run in a fresh process, prints the numbers the page shows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from apptest_helpers import array, assert_ok, chart, map_coords, map_view, new_app, open_page

ROOT = Path(__file__).resolve().parents[2]


def run_recipe(at) -> list[list[str]]:
    scripts = [c.value for c in at.code if "from core" in c.value]
    assert len(scripts) == 1, [c.value[:80] for c in at.code]
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run([sys.executable, "-c", scripts[0]], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return [line.split("\t") for line in done.stdout.strip().splitlines()]


def test_the_analogy_recipe_prints_the_ranked_answers():
    at = open_page(new_app(), "analogy")
    bars = chart(at, "analogy_bars")["data"][0]
    lines = run_recipe(at)
    assert [w for w, _ in lines] == list(array(bars["y"]))
    np.testing.assert_allclose(
        [float(s) for _, s in lines], array(bars["x"]).astype(float), atol=1e-4
    )


def test_the_map_recipe_prints_the_coordinates_and_the_picks_neighbours():
    at = new_app()
    at.session_state["map_method"] = "pca"
    at.session_state["map_clusters"] = False  # its clusters: the next test
    open_page(at, "map")
    at.session_state["map_selected"] = 0
    at.run()
    assert_ok(at)
    lines = run_recipe(at)
    coords = np.array([[float(v) for v in line[1:]] for line in lines[:5]])
    np.testing.assert_allclose(coords, map_coords(at)[:5], atol=1e-3)
    listed = map_view(at)["neighbours"]
    assert [line[0] for line in lines[5:]] == [x["text"] for x in listed]
    np.testing.assert_allclose(
        [float(line[1]) for line in lines[5:]], [x["score"] for x in listed], atol=1e-3
    )


@pytest.mark.parametrize("dataset", ["ninety-words", "support-tickets"])
def test_the_map_recipe_finds_and_names_the_clusters_of_the_map(dataset):
    at = new_app()
    at.session_state["map_method"] = "pca"
    at.session_state["frame_dataset"] = dataset
    open_page(at, "map")
    lines = run_recipe(at)
    drawn = map_view(at)["clusters"]["levels"]
    printed = [line for line in lines if len(line) == 3 and line[0].isdigit()]
    assert [(int(a), b, int(c)) for a, b, c in printed] == [
        (level, x["name"], x["size"]) for level, names in enumerate(drawn) for x in names
    ]


def test_the_similarity_recipe_prints_the_heatmaps_matrix():
    at = new_app()
    at.session_state["sim_count"] = 12
    open_page(at, "similarity")
    z = array(chart(at, "sim_heatmap")["data"][0]["z"]).astype(float)
    lines = run_recipe(at)
    np.testing.assert_allclose([[float(v) for v in line[1:]] for line in lines], z, atol=1e-3)


def test_the_search_recipe_prints_the_ranking_under_csls():
    at = open_page(new_app(), "search")
    at.segmented_control(key="search_rank").set_value("csls").run()
    bars = chart(at, "search_bars")["data"][0]
    lines = run_recipe(at)
    assert [d for d, _ in lines] == list(array(bars["y"]))
    np.testing.assert_allclose(
        [float(s) for _, s in lines], array(bars["x"]).astype(float), atol=1e-4
    )
