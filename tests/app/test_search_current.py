"""Search on the current data (AppTest): the tickets ranked by meaning equal a brute-force ranking
of the same texts; every row of a repeated text is listed with its id and columns; the CSV is the
table on screen; "Show them on the map" rings those rows there."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from apptest_helpers import assert_ok, file_id, map_view, new_app, open_page, recorded_downloads

from core.io.datasets import load_dataset
from core.models import DEFAULT_MODEL, load_model

QUERY = "I was charged twice for one order"


def searched(top: int = 20):
    at = new_app()
    at.session_state["frame_dataset"] = "support-tickets"
    open_page(at, "search")
    at.text_input(key="search_query").input(QUERY)
    at.number_input(key="search_top").set_value(top)
    with recorded_downloads() as stored:
        at.run()
    assert_ok(at)
    return at, stored


def brute_force() -> tuple[list[str], np.ndarray]:
    texts = list(dict.fromkeys(load_dataset("support-tickets").texts))
    model = load_model(DEFAULT_MODEL)
    v = model.encode(texts)
    q = model.encode([QUERY])[0]
    scores = v @ q / (np.linalg.norm(v, axis=1) * np.linalg.norm(q))
    order = np.argsort(-scores, kind="stable")
    return [texts[i] for i in order], scores[order]


def test_search_ranks_the_current_data_as_a_brute_force_ranking_does():
    at, stored = searched(25)
    assert at.segmented_control(key="search_source").value == "data"
    [frame] = [d for d in at.dataframe if d.key == "search_table"] or at.dataframe[:1]
    table = frame.value
    texts, scores = brute_force()
    best = table.drop_duplicates("rank")
    assert list(best["text"]) == texts[:25]
    np.testing.assert_allclose(best["cosine similarity"], scores[:25], atol=1e-5)
    data = load_dataset("support-tickets")
    expected_rows = [r for t in texts[:25] for r, u in enumerate(data.texts) if u == t]
    assert list(table["row"]) == expected_rows  # every row of a repeated text, with its rank
    assert list(table["ticket_id"]) == [data.columns["ticket_id"][r] for r in expected_rows]
    [button] = [b for b in at.download_button if b.key == "search_csv"]
    csv = pd.read_csv(io.BytesIO(stored[file_id(button)][0]))
    assert list(csv["ticket_id"]) == list(table["ticket_id"]) and len(csv) == len(table)


def test_show_them_on_the_map_rings_those_rows_and_clear_forgets_them():
    at, _ = searched(5)
    rows = list(at.dataframe[0].value["row"])
    at.button(key="search_on_map").click().run()
    assert_ok(at)
    assert at.title[0].value == "Map"  # it went there
    open_page(at, "map")
    view = map_view(at)
    assert view["matches"] == rows and view["match_count"] == len(rows)
    at.button(key="map_searched_clear").click().run()
    assert map_view(at)["matches"] == []


def test_a_list_of_words_searches_the_example_documents_by_default():
    at = open_page(new_app(), "search")
    assert at.segmented_control(key="search_source").value == "examples"
    assert at.text_area(key="search_docs").value


def test_search_keeps_within_the_maps_filter_and_says_so():
    at = new_app()
    at.session_state["frame_dataset"] = "support-tickets"
    at.session_state["map_filter"] = {"priority": {"in": ["urgent"]}}
    open_page(at, "search")
    at.text_input(key="search_query").input(QUERY).run()
    assert_ok(at)
    data = load_dataset("support-tickets")
    table = at.dataframe[0].value
    assert set(table["priority"]) == {"urgent"}
    urgent = {t for t, p in zip(data.texts, data.columns["priority"], strict=True) if p == "urgent"}
    texts, _ = brute_force()
    best = list(table.drop_duplicates("rank")["text"])
    assert best == [t for t in texts if t in urgent][: len(best)]  # the same order, filtered
    at.toggle(key="search_in_filter").set_value(False).run()
    assert len(set(at.dataframe[0].value["priority"])) > 1
