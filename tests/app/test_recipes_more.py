"""The Directions, Geometry, Context and Start pages' Python recipes, each run in a fresh process,
print the numbers the page shows (read from the page's charts, metrics and tables)."""

from __future__ import annotations

import numpy as np
import pytest
from apptest_helpers import array, assert_ok, chart, new_app, open_page, said
from test_recipes import run_recipe

from core.models.registry import GLOVE


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def near_shown(printed: str, shown: str) -> bool:
    """A recipe's 4-decimal figure against the page's shorter rounding of the same number."""
    decimals = len(shown.split(".")[1])
    return abs(float(printed) - float(shown)) <= 0.5 * 10**-decimals + 1e-4


def strip(at) -> dict[str, float]:
    trace = chart(at, "dir_strip")["data"][0]
    return dict(zip(trace["hovertext"], array(trace["x"]).astype(float), strict=True))


def check_directions(at) -> dict[str, str]:
    """The recipe's item lines equal the strip, from one pole to the other; its WEAT lines."""
    lines = run_recipe(at)
    items = [line for line in lines if not line[0].startswith("WEAT")]
    shown = strip(at)
    assert [t for t, _ in items] == sorted(shown, key=shown.get)
    np.testing.assert_allclose([float(s) for _, s in items], sorted(shown.values()), atol=1e-4)
    weat = {line[0]: line[1] for line in lines if line[0].startswith("WEAT")}
    page = metrics(at)
    assert near_shown(weat["WEAT effect size d"], page["Effect size d"])
    assert near_shown(weat["WEAT statistic S"], page["Test statistic S"])
    return weat


def test_the_directions_recipe_prints_the_strip_and_the_weat_of_the_opening_view():
    at = open_page(new_app(), "directions")
    assert "WEAT effect size d, direction removed" not in check_directions(at)


def test_the_directions_recipe_follows_a_formula_glove_and_the_debiased_weat():
    at = open_page(new_app(), "directions")
    at.selectbox(key="frame_model").set_value(GLOVE).run()
    at.segmented_control(key="dir_kind").set_value("formula").run()
    at.text_area(key="dir_items").input("nurse\nengineer\nqqzzx\nsurgeon\nnanny").run()
    at.toggle(key="weat_debias").set_value(True).run()
    assert_ok(at)
    assert "1 item(s) not in glove-6B-50d, left out" in said(at.info)
    weat = check_directions(at)
    assert len(strip(at)) == 4
    removed = metrics(at)["Effect size d with the direction removed"]
    assert near_shown(weat["WEAT effect size d, direction removed"], removed)


def test_the_directions_recipe_measures_the_sidebars_dataset_with_two_glove_words():
    at = open_page(new_app(), "directions")
    at.selectbox(key="frame_model").set_value(GLOVE).run()
    at.segmented_control(key="dir_items_from").set_value("dataset").run()
    at.segmented_control(key="dir_kind").set_value("two").run()
    assert_ok(at)
    assert "load_dataset('ninety-words')" in next(
        c.value for c in at.code if "from core" in c.value
    )
    check_directions(at)
    assert len(strip(at)) > 50


def rows_of(lines: list[list[str]]) -> dict[str, list[str]]:
    return {line[0]: line[1:] for line in lines}


@pytest.mark.parametrize("k", [10, 4])
def test_the_geometry_recipe_prints_the_hubs_anisotropy_and_benchmarks(k):
    at = new_app()
    at.session_state["geo_k"] = k
    open_page(at, "geometry")
    printed = rows_of(run_recipe(at))
    for how in ("cosine", "CSLS", "mutual proximity"):
        label = f"Skewness of N{k}, {how}"
        assert near_shown(printed[label][0], metrics(at)[label])
    share = float(printed["Anti-hubs"][0])
    assert f"{share:.1%} of the items" in said(at.markdown)
    hubs = next(f.value for f in at.dataframe if f"N{k}" in f.value.columns)
    assert [[int(c) for c in printed[t]] for t in hubs["item"]] == hubs[
        [f"N{k}", f"N{k} with CSLS"]
    ].values.tolist()
    cosines = next(
        f.value for f in at.dataframe if "mean cosine of random pairs" in f.value.columns
    )
    assert float(printed["Mean cosine of random pairs, as learned"][0]) == pytest.approx(
        cosines["mean cosine of random pairs"][0], abs=1e-4
    )
    rho = next(f.value for f in at.dataframe if "ρ as learned" in f.value.columns)
    for title, shown in zip(rho["benchmark"], rho["ρ as learned"], strict=True):
        assert float(printed[title][0]) == pytest.approx(shown, abs=5e-4 + 1e-4)


def test_the_geometry_recipe_says_what_it_leaves_out_under_a_post_processing():
    at = new_app()
    at.session_state["frame_post"] = "centre"
    open_page(at, "geometry")
    notes = [c.value for c in at.code if "recipe" in c.value]
    assert len(notes) == 1 and "post-processing" in notes[0] and "from core" not in notes[0]


def test_the_context_recipe_prints_the_scatter_and_the_heatmap():
    at = open_page(new_app(), "context")
    lines = run_recipe(at)
    points = {
        text: (x, y)
        for trace in chart(at, "context_scatter")["data"]
        for text, x, y in zip(trace["customdata"], array(trace["x"]), array(trace["y"]), strict=True)
    }  # fmt: skip
    printed, matrix = lines[: len(points)], lines[len(points) :]
    assert {t for t, *_ in printed} == set(points)
    np.testing.assert_allclose(
        [[float(x), float(y)] for _, x, y in printed],
        [points[t] for t, *_ in printed],
        atol=1e-4,
    )
    z = array(chart(at, "context_heatmap")["data"][0]["z"]).astype(float)
    np.testing.assert_allclose([[float(v) for v in line[1:]] for line in matrix], z, atol=1e-4)


def test_the_start_recipe_prints_the_three_pairs_and_the_heatmap():
    at = open_page(new_app(), "start")
    lines = run_recipe(at)
    pairs, shown = rows_of(lines[:3]), metrics(at)
    assert list(pairs) == list(shown)
    assert all(near_shown(pairs[label][0], shown[label]) for label in shown)
    heat = chart(at, "start_heatmap")["data"][0]
    assert [line[0] for line in lines[3:]] == list(heat["x"])
    z = array(heat["z"]).astype(float)
    np.testing.assert_allclose([[float(v) for v in line[1:]] for line in lines[3:]], z, atol=1e-4)
