"""components.widgets.plain: user text inside Streamlit markdown shows as typed."""

from __future__ import annotations

import pytest

from components.widgets import plain


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("**bold**", r"\*\*bold\*\*"),
        (":red[alarm]", r"\:red\[alarm\]"),
        (":material/home:", "\\:\u2060material/home\\:"),  # a word joiner: no icon
        ("# heading", r"\# heading"),
        ("[link](http://x)", "\\[link\\]\\(http\\:\u2060//x\\)"),  # no autolink
        ("$x^2$", r"\$x^2\$"),
        ("a_b_c", r"a\_b\_c"),
        ("<b>x</b>", r"\<b\>x\</b\>"),
        ("back\\slash", r"back\\slash"),
        ("kitten 🐱 ü", "kitten 🐱 ü"),
    ],
)
def test_markdown_characters_are_escaped_and_the_rest_kept(typed, escaped):
    assert plain(typed) == escaped


def test_unescaping_gives_back_what_was_typed():
    import re

    typed = "**x** :red[y] `code` 1. item | a ~ b \\ c"
    assert re.sub(r"\\(.)", r"\1", plain(typed)) == typed  # nothing for a word joiner here
