"""components.text: user text shown as typed in markdown, plotly labels, hover and CSV."""

from __future__ import annotations

import re

import pytest

from components.text import hover, label, plain, short, spreadsheet_safe, unique
from components.widgets import plain as plain_from_widgets
from tests.hostile import HOSTILE, LONG


def unescape_markdown(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def unescape_plotly(text: str) -> str:
    entities = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&#36;": "$"}
    return re.sub(r"&amp;|&lt;|&gt;|&#36;", lambda m: entities[m.group()], text)


def test_plain_is_still_importable_from_widgets():
    assert plain_from_widgets is plain


@pytest.mark.parametrize("typed", HOSTILE)
def test_plain_escapes_every_markdown_character_and_keeps_the_text(typed):
    escaped = plain(typed)
    assert unescape_markdown(escaped) == typed
    # no markdown character is left without its backslash
    bare = re.sub(r"\\.", "", escaped)
    assert not re.search(r"[\\`*_{}\[\]()#+\-.!|~<>$:&=]", bare), bare


def test_plain_escapes_entities_and_setext_underlines():
    assert plain("&lt;b&gt;") == r"\&lt;b\&gt;"  # markdown would show "<b>"
    assert plain("title\n===") == r"title \=\=\="  # no heading from a second line


def test_plain_breaks_what_streamlit_substitutes_after_markdown():
    # icons, the logo, emoji and arrows are made from the unescaped text: a word joiner stops it
    assert plain(":material/home:") == "\\:\u2060material/home\\:"
    assert plain(":streamlit: :smile:") == "\\:\u2060streamlit\\: \\:\u2060smile\\:"
    assert plain("a -> b") == "a \\-\u2060\\> b"
    assert plain("HTTPS://x.org www.x.org a@b.org") == (
        "HTTPS\\:\u2060//x\\.org www\u2060\\.x\\.org a@\u2060b\\.org"
    )  # GFM finds addresses in the unescaped text
    assert plain("12:30, a->b") == "12\\:30, a\\-\\>b"  # nothing to substitute there


def test_plain_joins_lines():
    assert plain("one\n# two\r\n\nthree") == r"one \# two three"


@pytest.mark.parametrize(
    ("text", "most", "expected"),
    [
        ("cat", 80, "cat"),
        ("  two\n lines\tand tabs ", 80, "two lines and tabs"),
        ("The quick brown fox jumps over the lazy dog", 20, "The quick brown fox…"),
        ("x" * 30, 10, "xxxxxxxxx…"),  # no word boundary: cut mid-word
        ("a " + "y" * 30, 10, "a yyyyyyy…"),  # a boundary too early: cut mid-word
    ],
)
def test_short_makes_one_line_of_at_most_most_characters(text, most, expected):
    assert short(text, most) == expected
    assert len(short(text, most)) <= most


def test_short_of_the_long_item():
    s = short(LONG, 80)
    assert len(s) <= 80 and s.endswith("…") and LONG.startswith(s[:-1])


@pytest.mark.parametrize("typed", HOSTILE)
def test_plotly_label_has_no_tag_and_shows_as_typed(typed):
    shown = label(typed)
    assert "<" not in shown and ">" not in shown and "$" not in shown
    assert unescape_plotly(shown) == " ".join(typed.split())


def test_plotly_label_is_cut_before_it_is_escaped():
    # escaping first and cutting after left "&lt" on the axis of the heatmap
    shown = label("<" * 40, 10)
    assert shown == "&lt;" * 9 + "…"
    assert label("a & b <c>", 6) == "a &amp; b…"


def test_hover_wraps_long_text_into_lines_and_caps_it():
    shown = hover(LONG, width=60, most=600)
    lines = shown.split("<br>")
    assert 8 <= len(lines) <= 11
    assert all(len(line) <= 60 for line in lines)
    assert shown.endswith("…")
    assert hover("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    one_word = hover("z" * 200, width=50)
    assert one_word.split("<br>") == ["z" * 50] * 4  # a word longer than a line is broken
    assert hover("") == ""


def test_hover_never_splits_an_entity():
    shown = hover("<>" * 100, width=7)
    for line in shown.split("<br>"):
        assert re.fullmatch(r"(&lt;|&gt;|…)*", line), line


def test_unique_names_repeats_apart():
    assert unique(["a", "b", "a", "a (2)", "a"]) == ["a", "b", "a (2)", "a (2) (2)", "a (3)"]


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://example.com","x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]
)
def test_spreadsheet_safe_quotes_formula_starts(cell):
    assert spreadsheet_safe(cell) == "'" + cell
