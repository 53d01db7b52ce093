"""Views that travel: a page opened with its settings in the address shows that view, values
that are not valid are ignored, and the address follows what the user changes."""

from __future__ import annotations

from apptest_helpers import assert_ok, map_view, new_app, values


def opened(page: str, **params):
    at = new_app()
    at.query_params.update(params)
    at.switch_page(f"pages/{page}.py").run()
    assert_ok(at)
    return at


def test_a_map_link_opens_the_same_view_with_its_pick_and_neighbours():
    at = opened("map", dataset="ninety-words", method="pca", k="5", metric="euclidean",
                pick="dolphin")  # fmt: skip
    assert at.segmented_control(key="map_method").value == "pca"
    assert at.selectbox(key="map_metric").value == "euclidean"
    view = map_view(at)
    assert view["selected_text"] == "dolphin"
    assert len(view["neighbours"]) == 5
    assert at.query_params["pick"] == "dolphin" and at.query_params["k"] == "5"


def test_values_that_are_not_valid_are_ignored():
    at = opened("map", metric="bogus", k="999", dims="7", pick="no such item")
    assert at.selectbox(key="map_metric").value == "cosine"
    assert at.number_input(key="map_k").value == 10
    assert at.segmented_control(key="map_dims").value == 2
    assert map_view(at)["selected"] is None
    assert "pick" not in at.query_params


def test_an_analogy_link_and_the_address_following_the_page():
    at = opened("analogy", a="france", b="paris", c="italy", exclude="false")
    assert at.toggle(key="analogy_exclude").value is False
    assert "Nothing is removed" in " ".join(values(at.info))
    heads = [m for m in values(at.markdown) if m.startswith("### ")]
    assert heads == ["### paris − france + italy ≈ **rome**"]
    at.toggle(key="analogy_exclude").set_value(True).run()
    assert at.query_params["exclude"] == "true" and at.query_params["a"] == "france"
    at.text_input(key="analogy_c").input("germany").run()
    assert at.query_params["c"] == "germany"
    assert [m for m in values(at.markdown) if m.startswith("### ")] == [
        "### paris − france + germany ≈ **berlin**"
    ]


def test_share_this_view_shows_the_link_with_the_settings():
    at = opened("analogy", a="france", b="paris", c="italy")
    link = at.sidebar.code[0].value
    assert (
        link == "?a=france&b=paris&c=italy&model=all-MiniLM-L6-v2&vectors=none&dataset=ninety-words"
    )
    at.run()  # from the next run on, the page's own defaults are in it too
    assert "&exclude=true&how=3cosadd&with=glove-6B-50d&top=10" in at.sidebar.code[0].value


def test_a_saved_view_opens_again_from_the_data_page():
    from apptest_helpers import file_id, open_page, recorded_downloads, said

    at = opened("analogy", a="france", b="paris", c="germany", exclude="true")
    with recorded_downloads() as stored:
        at.run()
    button = next(b for b in at.sidebar.download_button if b.key == "links_save_view")
    view = stored[file_id(button)][0]
    view = view if isinstance(view, bytes) else view.encode()
    assert b'"page": "analogy"' in view
    fresh = open_page(new_app(), "data")
    fresh.file_uploader(key="data_view").set_value(("view.json", view, "application/json")).run()
    assert_ok(fresh)
    heads = [m for m in values(fresh.markdown) if m.startswith("### ")]
    assert heads == ["### paris − france + germany ≈ **berlin**"]
    other = open_page(new_app(), "data")
    other.file_uploader(key="data_view").set_value(("v.json", b"[1, 2]", "application/json")).run()
    assert_ok(other)
    assert "This file is not a saved view" in said(other.error)


def test_a_view_saved_on_the_data_page_or_the_start_page_opens_again():
    from apptest_helpers import open_page

    from components.links import dumps_view

    for page, title in (("data", "Data"), ("start", "Start here")):
        at = open_page(new_app(), "data")
        view = dumps_view(page, {"dataset": "support-tickets"})
        at.file_uploader(key="data_view").set_value(("view.json", view, "application/json")).run()
        assert_ok(at)
        assert not at.error, [e.value for e in at.error]
        assert at.title[0].value.startswith(title)
        assert at.selectbox(key="frame_dataset").value == "support-tickets"


def test_a_long_formula_comes_back_whole_from_the_address():
    from components.links import TEXT_CHARS, Link, _value

    formula = " + ".join(f"avg(he, man, boy{i}) - avg(she, woman, girl{i})" for i in range(20))
    assert 600 < len(formula) < TEXT_CHARS
    assert _value(Link("dir_formula", "formula"), formula) == formula
