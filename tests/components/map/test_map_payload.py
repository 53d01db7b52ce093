"""The map component's Python side as plain functions: the binary blobs, the colourings and
legend, the click → neighbours handler and the per-click view JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest

from components.map.click import (
    MAX_RINGED_MATCHES,
    clicked_row,
    neighbours_of,
    selected_ids,
    view_data,
)
from components.map.payload import (
    LABEL_CHARS,
    MISSING,
    PALETTE,
    colouring,
    colours_blob,
    decode,
    legend,
    points_blob,
)
from core.neighbours.exact import nearest
from core.neighbours.index import NeighbourIndex


def labels_of(raw: bytes) -> list[str]:
    header, (_, offsets), text = decode(raw)
    return [text[offsets[i] : offsets[i + 1]].decode() for i in range(header["n"])]


def test_points_blob_round_trips_coordinates_and_labels():
    xy = np.random.default_rng(0).normal(size=(7, 2)).astype(np.float32)
    labels = ["cat", "**bold**", "<b>x</b>", "é 漢字 🐈", "", "a\nb", "x" * 500]
    pid, raw = points_blob(xy, labels)
    header, (coords, offsets), _ = decode(raw)
    assert header["id"] == pid and header["n"] == 7 and header["dims"] == 2
    assert np.array_equal(coords, xy)
    got = labels_of(raw)
    assert got[:6] == labels[:6]  # user text travels exactly as typed
    assert len(got[6]) == LABEL_CHARS and got[6].endswith("…")
    assert header["min"] == pytest.approx(xy.min(axis=0).tolist())
    assert header["max"] == pytest.approx(xy.max(axis=0).tolist())
    assert len(raw) % 4 == 0 and (8 + len(json.dumps(header))) <= len(raw)


def test_the_blob_id_follows_the_content():
    xy = np.zeros((3, 3), dtype=np.float32)
    a, _ = points_blob(xy, ["a", "b", "c"])
    assert points_blob(xy, ["a", "b", "c"])[0] == a
    assert points_blob(xy + 1, ["a", "b", "c"])[0] != a
    assert points_blob(xy, ["a", "b", "d"])[0] != a
    with pytest.raises(ValueError, match="2 labels for 3 points"):
        points_blob(xy, ["a", "b"])


def test_a_million_points_pack_into_about_twenty_megabytes():
    n = 1_000_000
    xy = np.random.default_rng(1).normal(size=(n, 2)).astype(np.float32)
    _, raw = points_blob(xy, [f"w{i}" for i in range(n)])
    assert 8 * n + 4 * n < len(raw) < 20 * n  # float32 pairs + offsets + short labels


def test_categories_keep_their_first_order_and_each_its_colour():
    col = colouring(["b", "a", "b", None, "c"], "group")
    assert col.names == ["b", "a", "(none)", "c"]
    assert col.codes.tolist() == [0, 1, 0, 2, 3]
    assert col.counts == [2, 1, 1, 1]
    assert col.palette[2] == MISSING and len(set(col.palette)) == 4
    header, (codes,), _ = decode(colours_blob(col)[1])
    assert codes.tolist() == col.codes.tolist() and header["palette"] == col.palette


def test_clusters_are_listed_in_natural_order():
    col = colouring(["cluster 3", "cluster 10", "cluster 1", "cluster 2"], "c", natural_order=True)
    assert col.names == ["cluster 1", "cluster 2", "cluster 3", "cluster 10"]
    assert col.codes.tolist() == [2, 3, 0, 1]


def test_the_ninety_words_eighteen_groups_get_eighteen_colours():
    from core.io.datasets import load_dataset

    col = colouring(load_dataset("ninety-words").labels, "group")
    assert len(col.names) == 18 and len(set(col.palette)) == 18


def test_more_categories_than_colours_share_a_grey_other():
    values = [f"g{i}" for i in range(60) for _ in range(i + 1)]  # g59 is the largest
    col = colouring(values, "group")
    assert len(col.names) == len(PALETTE) and col.names[-1] == "(other)"
    assert "g59" in col.names and "g0" not in col.names
    assert col.counts[-1] == sum(range(1, 14))  # the 13 smallest, g0..g12 (1..13 items)
    assert sum(col.counts) == len(values)


def test_numbers_get_a_ramp_with_missing_values_grey():
    values = [float(i) for i in range(20)] + [None, float("nan")]
    col = colouring(values, "score")
    assert col.kind == "numeric" and col.range == (0.0, 19.0)
    codes = col.codes.tolist()
    assert codes[0] == 1 and codes[19] == 255 and codes[-2:] == [0, 0]
    assert codes[:20] == sorted(codes[:20])  # higher value, further along the ramp
    assert col.palette[0] == MISSING
    lg = legend(col)
    assert lg["kind"] == "numeric" and lg["range"] == [0.0, 19.0]


def test_few_distinct_numbers_are_categories():
    assert colouring([1, 2, 1, 3], "stars").kind == "categorical"


def test_legend_entries_have_name_colour_and_count():
    lg = legend(colouring(["x", "y", "x"], "group"))
    assert lg == {
        "title": "group",
        "kind": "categorical",
        "entries": [
            {"name": "x", "colour": PALETTE[0], "count": 2},
            {"name": "y", "colour": PALETTE[1], "count": 1},
        ],
    }


@pytest.mark.parametrize(
    ("value", "row"),
    [
        (3, 3),
        (3.0, 3),
        (-1, None),
        (10, None),
        (True, None),
        ("3", None),
        (None, None),
        (2.5, None),
    ],
)
def test_a_click_value_becomes_a_row_or_nothing(value, row):
    assert clicked_row(value, 10) == row


def test_a_lasso_value_becomes_rows_in_range_once():
    assert selected_ids([4, 1, 4, 99, -2, "x", 2.0], 10) == [4, 1, 2]
    assert selected_ids(None, 10) == [] and selected_ids("1,2", 10) == []


def test_the_click_handler_lists_the_full_space_neighbours():
    v = np.random.default_rng(2).normal(size=(40, 6)).astype(np.float32)
    index = NeighbourIndex(v, "euclidean")
    got = neighbours_of(index, 5, 4)
    assert [x.index for x in got] == [x.index for x in nearest(v, 5, k=4, metric="euclidean")]
    assert neighbours_of(index, None, 4) == []


def test_the_view_is_small_json_with_texts_as_given():
    texts = [f"**item** {i} " + "y" * 1000 for i in range(5000)]
    labels = ["g"] * 5000
    v = np.random.default_rng(3).normal(size=(5000, 8)).astype(np.float32)
    index = NeighbourIndex(v, "cosine")
    view = view_data(
        points="p", colours="c", dims=2, texts=texts, labels=labels, selected=0,
        neighbours=neighbours_of(index, 0, 50), matches=list(range(5000)),
    )  # fmt: skip
    raw = json.dumps(view)
    assert len(raw) < 50_000, len(raw)  # k = 50 long texts and 5,000 matches still fit
    assert len(view["matches"]) == MAX_RINGED_MATCHES and view["match_count"] == 5000
    assert view["selected_text"].startswith("**item** 0 ")  # as typed: the browser sets textContent
    assert view["neighbours"][0]["id"] != 0 and len(view["neighbours"]) == 50
