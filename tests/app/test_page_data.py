"""The Data page: typed items, uploads, Projector vectors and downloads, and what the other pages
then do with them. Every bad input must show a message and keep what the user entered."""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest
from apptest_helpers import (
    assert_ok,
    explore_typed,
    file_id,
    map_coords,
    map_points,
    map_view,
    new_app,
    one_text,
    open_page,
    recorded_downloads,
    values,
)

from core.io.uploads import MAX_ITEMS


@pytest.fixture
def at():
    return open_page(new_app(), "data")


def preview(at):
    # The preview is the only table the Data page draws (AppTest does not expose its key).
    assert len(at.dataframe) == 1, f"{len(at.dataframe)} dataframes"
    return at.dataframe[0].value


def preview_texts(at) -> list[str]:
    return list(preview(at)["text"])


def has_preview(at) -> bool:
    return len(at.dataframe) > 0


def legend(at) -> list[str]:
    return [e["name"] for e in map_view(at)["legend"]["entries"]]


def said(elements) -> str:
    """The texts of some elements as the user reads them: the page escapes markdown in messages
    that may quote user text (file names, paths, cells), so "a.csv" arrives as "a\\.csv"."""
    return re.sub(r"\\(.)", r"\1", one_text(elements))


# --- typing -----------------------------------------------------------------------------------


def test_nothing_typed_is_no_error(at):
    assert not at.error
    assert "Nothing typed yet" in one_text(at.caption)
    assert not has_preview(at)
    assert "**88 words in 18 groups**: 88 items, model all-MiniLM-L6-v2" in one_text(at.markdown)


def test_whitespace_only_shows_no_preview_and_is_kept(at):
    at.text_area(key="data_typed").input("   \n\t\n  ").run()
    assert_ok(at)
    assert not at.error
    assert "Nothing typed yet" in one_text(at.caption)
    assert not has_preview(at)
    assert [b.key for b in at.button if b.key == "data_typed_use"] == []
    assert at.text_area(key="data_typed").value == "   \n\t\n  "


def test_typed_items_become_the_dataset_and_the_map_shows_them(at):
    typed = "apple\nbanana\n\napple\ncar\ntruck\nbus\n<b>bold</b>"
    at.text_area(key="data_typed").input(typed).run()
    assert_ok(at)
    assert preview_texts(at) == ["apple", "banana", "apple", "car", "truck", "bus", "<b>bold</b>"]
    notes = said(at.info)
    shared = ("1 row(s) repeat an earlier text ('apple'): every row is kept, and rows with the "
              "same text share one vector and one place on the map.")  # fmt: skip
    assert shared in notes
    assert "Skipped 1 blank line(s)." in notes
    at.button(key="data_typed_use").click().run()
    assert_ok(at)
    assert said(at.success) == "Now exploring “typed items”: 7 items. Open the Map."
    assert at.selectbox(key="frame_dataset").value == "custom"
    assert "Your data: typed items" in at.selectbox(key="frame_dataset").options
    assert at.text_area(key="data_typed").value == typed

    open_page(at, "map")
    # the labels travel as text; the browser draws them as text, never as HTML
    assert dict(map_points(at)) == {  # every row, a shared text with its count
        0: "apple ×2",
        1: "banana",
        2: "apple ×2",
        3: "car",
        4: "truck",
        5: "bus",
        6: "<b>bold</b>",
    }
    coords = map_coords(at)
    assert (coords[0] == coords[2]).all() and len(coords) == 7
    assert shared in said(at.info)
    at.session_state["map_selected"] = 6
    at.run()
    assert_ok(at)
    view = map_view(at)
    assert view["selected_text"] == "<b>bold</b>" and len(view["neighbours"]) == 5
    assert [x["text"] for x in view["neighbours"]].count("apple ×2") == 1  # listed once
    at.session_state["map_selected"] = 2  # the second "apple": not its own neighbour
    at.run()
    listed = map_view(at)["neighbours"]
    assert len(listed) == 5 and not {x["id"] for x in listed} & {0, 2}
    at.session_state["map_selected"] = 6
    at.run()
    # markdown-escaped, so Streamlit shows the characters as typed (no HTML, no markdown)
    assert at.expander[0].label == "Neighbours of “\\<b\\>bold\\</b\\>” as a table"
    assert len(at.table[0].value) == 5

    open_page(at, "similarity")
    assert values(at.subheader) == ["Most similar pairs", "Least similar pairs"]
    open_page(at, "data")
    assert at.text_area(key="data_typed").value == typed  # kept across pages


def test_very_long_text_is_cut_with_a_note_and_kept(at):
    long = "word " * 1_500  # 7,500 characters
    at.text_area(key="data_typed").input(f"short\n{long}").run()
    assert_ok(at)
    assert "Cut 1 very long text(s) to their first 5,000 characters (first: item 2)." in said(
        at.info
    )
    assert len(preview_texts(at)[1]) == 5_000
    assert at.text_area(key="data_typed").value == f"short\n{long}"


def test_too_many_lines_names_the_limit_and_a_sample_works(at):
    typed = "\n".join(f"item {i}" for i in range(MAX_ITEMS + 50))
    at.text_area(key="data_typed").input(typed).run()
    assert_ok(at)
    assert "10,050 items is more than the 10,000 the app handles at once" in said(at.error)
    assert not has_preview(at)
    sample = at.button(key="data_typed_sample")
    assert sample.label == "Use a random sample of 10,000"
    sample.click().run()
    assert_ok(at)
    assert "Using a random sample of 10,000 of the 10,050 items." in said(at.info)
    assert "10,000 items, 1 more column(s) to colour by (first 200 shown)." in one_text(at.caption)
    at.button(key="data_typed_use").click().run()
    assert_ok(at)
    assert said(at.success) == "Now exploring “typed items”: 10,000 items. Open the Map."
    texts = at.session_state["custom"]["texts"]
    assert len(texts) == 10_000 and len(set(texts)) == 10_000
    assert set(texts) <= set(typed.splitlines())
    assert at.text_area(key="data_typed").value == typed


@pytest.mark.parametrize("typed", ["solo", "one\ntwo"])
def test_one_or_two_items_on_the_map(at, typed):
    explore_typed(at, typed)
    open_page(at, "map")
    n = len(typed.splitlines())
    assert f"A map needs at least 4 items to be a real projection; this set has {n}." in one_text(
        at.warning
    )
    assert sorted(r for r, _ in map_points(at)) == list(range(n))
    assert "With fewer than 4 items there is nothing to distort." in one_text(at.caption)
    open_page(at, "data")
    assert at.text_area(key="data_typed").value == typed


def test_one_item_on_the_similarity_page(at):
    explore_typed(at, "solo")
    open_page(at, "similarity")
    assert "A heatmap needs at least 2 items; this set has 1." in one_text(at.warning)
    assert not at.get("plotly_chart")


def test_three_items_in_3d(at):
    explore_typed(at, "red\ngreen\nblue")
    open_page(at, "map")
    at.segmented_control(key="map_dims").set_value(3).run()
    assert_ok(at)
    assert "this set has 3" in one_text(at.warning)
    assert map_view(at)["dims"] == 3 and map_coords(at).shape == (3, 3)
    assert dict(map_points(at)) == {0: "red", 1: "green", 2: "blue"}


# --- downloads --------------------------------------------------------------------------------


def _downloads(at) -> dict[str, bytes]:
    open_page(at, "data")
    with recorded_downloads() as stored:
        at.toggle(key="data_prepare").set_value(True).run()
    assert_ok(at)
    return {b.key: (stored[file_id(b)][0], b) for b in at.main.download_button}  # not the sidebar


def test_downloads_keep_every_row_and_column_and_the_map_is_the_one_on_screen(at):
    table = (
        b"id,word,score\n7,cat,0.5\n8,dog,1.5\n9,=1+1,2.5\n10,cat,3.5\n"
        b'11,"say ""hi""",4.5\n12,fish,5.5\n13,bird,6.5\n14,"""quoted",7.5\n'
    )
    at.file_uploader(key="data_upload").set_value(("t.csv", table, "text/csv")).run()
    at.button(key="data_upload_use").click().run()
    assert_ok(at)
    got = _downloads(at)
    assert set(got) == {"data_dl_emb", "data_dl_vec", "data_dl_meta"}  # no map seen yet
    assert "open the Map first" in " ".join(values(at.caption))
    texts = ["cat", "dog", "=1+1", "cat", 'say "hi"', "fish", "bird", '"quoted']  # every row
    emb = pd.read_csv(io.BytesIO(got["data_dl_emb"][0]))
    assert list(emb.columns[:5]) == ["row", "text", "label", "id", "score"]
    assert list(emb["id"]) == list(range(7, 15)) and len(emb.columns) == 5 + 384
    assert emb["text"][2] == "'=1+1"  # spreadsheet-safe, the rest as typed
    assert list(emb["text"].drop(2)) == [t for i, t in enumerate(texts) if i != 2]
    dims = emb.filter(regex=r"^d\d+$").to_numpy()
    np.testing.assert_array_equal(dims[0], dims[3])  # one text, one vector
    meta = pd.read_csv(io.BytesIO(got["data_dl_meta"][0]), sep="\t")  # pandas defaults
    assert meta.shape == (8, 5) and list(meta["text"].drop(2)) == emb["text"].drop(2).tolist()
    vec = np.loadtxt(io.BytesIO(got["data_dl_vec"][0]), delimiter="\t")
    np.testing.assert_allclose(vec, emb.filter(regex=r"^d\d+$").to_numpy(), atol=1e-6)

    at.session_state["map_perplexity"] = 2.0
    open_page(at, "map")
    at.session_state["map_selected"] = 0  # "cat"
    at.session_state["map_k"] = 3
    at.run()
    on_screen, listed = map_coords(at), map_view(at)["neighbours"]
    got = _downloads(at)
    csv_bytes, button = got["data_dl_map"]
    assert button.label == "Map coordinates (t-SNE, 2D, perplexity 2, CSV)"
    xy = pd.read_csv(io.BytesIO(csv_bytes))
    named = [c for c in xy.columns if c.startswith("cluster")]  # the map's named clusters
    assert list(xy.columns) == [
        "row", "text", "label", "id", "score", "x", "y", "drawn_as_row",
        "picked", "neighbour_rank", "cosine similarity", *named,
    ]  # fmt: skip
    assert xy.groupby("drawn_as_row")[named].nunique().max().max() <= 1  # one text, one cluster
    assert list(xy["drawn_as_row"]) == [0, 1, 2, 0, 4, 5, 6, 7]
    np.testing.assert_allclose(xy[["x", "y"]].to_numpy(), on_screen, atol=1e-5)
    assert list(xy.index[xy["picked"]]) == [0]
    ranked = xy.dropna(subset=["neighbour_rank"]).sort_values("neighbour_rank")
    assert list(ranked["text"]) == [x["text"] for x in listed] and len(listed) == 3
    np.testing.assert_allclose(ranked["cosine similarity"], [x["score"] for x in listed])


# --- uploads ----------------------------------------------------------------------------------

CSV = (
    b"id,word,category\n1,cat,animal\n2,dog,animal\n3,car,vehicle\n4,bus,vehicle\n5,tram,vehicle\n"
)


def test_csv_upload_guesses_columns_and_its_labels_colour_the_map(at):
    at.file_uploader(key="data_upload").set_value(("things.csv", CSV, "text/csv")).run()
    assert_ok(at)
    assert not at.error
    cols = {s.key.rsplit("_", 1)[0]: s for s in at.selectbox if s.key.startswith("data_")}
    assert cols["data_text_col"].value == "word"
    assert cols["data_label_col"].value == "category"
    assert preview_texts(at) == ["cat", "dog", "car", "bus", "tram"]
    at.button(key="data_upload_use").click().run()
    assert_ok(at)
    assert said(at.success) == "Now exploring “things.csv”: 5 items. Open the Map."
    open_page(at, "map")
    assert legend(at) == ["animal", "vehicle"]


def test_csv_upload_other_columns(at):
    at.file_uploader(key="data_upload").set_value(("things.csv", CSV, "text/csv")).run()
    [label] = [s for s in at.selectbox if s.key.startswith("data_label_col_")]
    label.set_value("(no labels)").run()
    assert_ok(at)
    assert list(preview(at)["label"]) == [""] * 5


def test_text_upload_and_a_binary_file(at):
    at.file_uploader(key="data_upload").set_value(
        ("words.txt", b"\xef\xbb\xbfsun\nmoon\n\nstar\n", "text/plain")
    ).run()
    assert_ok(at)
    assert preview_texts(at) == ["sun", "moon", "star"]
    at.file_uploader(key="data_upload").set_value(
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "text/plain")
    ).run()
    assert_ok(at)
    assert "photo.txt looks like a binary file, not text" in said(at.error)
    assert at.file_uploader(key="data_upload").value.name == "photo.txt"
    assert not has_preview(at)


def test_upload_with_too_many_rows_offers_a_sample(at):
    big = "\n".join(f"row {i}" for i in range(MAX_ITEMS + 1)).encode()
    at.file_uploader(key="data_upload").set_value(("big.txt", big, "text/plain")).run()
    assert_ok(at)
    assert "10,001 items is more than the 10,000" in said(at.error)
    at.button(key="data_upload_sample").click().run()
    assert_ok(at)
    assert "Using a random sample of 10,000 of the 10,001 items." in said(at.info)
    at.button(key="data_upload_use").click().run()
    assert_ok(at)
    assert len(at.session_state["custom"]["texts"]) == 10_000


VECTORS = b"1\t0\t0\n0.9\t0.1\t0\n0\t1\t0\n0\t0.9\t0.1\n0\t0\t1\n"
META = b"text\tlabel\nnorth\ta\nnorth-ish\ta\neast\tb\neast-ish\tb\nup\tc\n"


def test_projector_vectors_are_mapped_without_a_model(at):
    at.file_uploader(key="data_proj_vectors").set_value(
        ("vectors.tsv", VECTORS, "text/tab-separated-values")
    )
    at.file_uploader(key="data_proj_meta").set_value(
        ("metadata.tsv", META, "text/tab-separated-values")
    )
    at.run()
    assert_ok(at)
    assert "5 items, 3-dimensional vectors (first 200 shown)." in one_text(at.caption)
    at.button(key="data_proj_use").click().run()
    assert_ok(at)
    assert "Model: the vectors came with your file." in one_text(at.sidebar.caption)
    open_page(at, "map")
    assert legend(at) == ["a", "b", "c"]
    at.session_state["map_selected"] = 0
    at.run()
    assert_ok(at)
    view = map_view(at)
    assert view["selected_text"] == "north" and view["neighbours"][0]["text"] == "north-ish"
    # st.table renders cells as markdown, so they arrive escaped ("north\\-ish")
    assert re.sub(r"\\(.)", r"\1", at.table[0].value["item"].iloc[0]) == "north-ish"
    assert "Squeezing 3 dimensions into 2" in one_text(at.caption)


def test_projector_metadata_of_the_wrong_length(at):
    at.file_uploader(key="data_proj_vectors").set_value(
        ("vectors.tsv", VECTORS, "text/tab-separated-values")
    )
    at.file_uploader(key="data_proj_meta").set_value(
        ("metadata.tsv", b"a\nb\n", "text/tab-separated-values")
    )
    at.run()
    assert_ok(at)
    assert "The metadata file has 2 data row(s) but the vectors file has 5" in said(at.error)
    assert at.file_uploader(key="data_proj_meta").value.name == "metadata.tsv"


def test_an_unreadable_csv_leaves_the_rest_of_the_page_working(at):
    """The file's problem is said in the upload tab; the Projector tab and the downloads below
    are still drawn (they used to vanish with it)."""
    at.file_uploader(key="data_upload").set_value(
        ("broken.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "text/csv")
    ).run()
    assert_ok(at)
    assert "broken.csv" in said(at.error)
    assert "Download the current set" in values(at.subheader)
    assert at.toggle(key="data_prepare") is not None


def test_an_upload_is_kept_across_pages_until_the_user_removes_it(at):
    """Streamlit's uploader forgets its file on another page; the page keeps it, with the
    columns picked, and forgets it only when asked."""
    at.file_uploader(key="data_upload").set_value(("things.csv", CSV, "text/csv")).run()
    [label] = [s for s in at.selectbox if s.key.startswith("data_label_col_")]
    label.set_value("(no labels)").run()
    first = preview_texts(at)
    open_page(at, "map")
    open_page(at, "data")
    assert at.file_uploader(key="data_upload").value is None  # Streamlit's own widget forgot
    assert "Still here from before: **things\\.csv**." in one_text(at.caption)
    assert preview_texts(at) == first
    assert list(preview(at)["label"]) == [""] * len(first)  # the column choice came back too
    at.button(key="data_upload_forget").click().run()
    assert_ok(at)
    assert not has_preview(at)
    open_page(at, "map")
    open_page(at, "data")
    assert not has_preview(at)


def test_removing_the_file_from_the_uploader_forgets_it(at):
    at.file_uploader(key="data_upload").set_value(("things.csv", CSV, "text/csv")).run()
    assert has_preview(at)
    at.file_uploader(key="data_upload").set_value(None).run()
    assert_ok(at)
    assert not has_preview(at)


# --- a reload keeps your data -----------------------------------------------------------------


def test_a_reload_of_the_tab_finds_your_data_again_from_the_address(at):
    explore_typed(at, "apple\npear\nplum\ncherry")
    open_page(at, "map")
    key = at.query_params["data"]
    assert key and len(key) == 24
    reloaded = new_app()  # a reload starts a new session with the same address
    reloaded.query_params["data"] = key
    open_page(reloaded, "map")
    assert reloaded.session_state["frame_dataset"] == "custom"
    assert dict(map_points(reloaded)) == {0: "apple", 1: "pear", 2: "plum", 3: "cherry"}
    assert not reloaded.warning


def test_an_expired_address_says_so_and_opens_the_demo(at):
    reloaded = new_app()
    reloaded.query_params["data"] = "0" * 24
    open_page(reloaded, "map")
    assert "no longer kept on this server" in one_text(reloaded.warning)
    assert reloaded.session_state["frame_dataset"] == "ninety-words"
    assert "data" not in reloaded.query_params
