"""Hostile strings: user text that markdown, HTML, plotly, KaTeX or a spreadsheet would read as
something other than text. Every page must show each one as typed (see tests/e2e/test_hostile.py).
"""

from __future__ import annotations

LONG = ("A very long item, " + "words without end and no markup at all " * 60)[:1999] + "."
assert len(LONG) == 2000

# One per line, so they can be typed into the Data page; every one is distinct.
HOSTILE = [
    "**bold**",
    "__also bold__",
    "*em* _em_",
    ":red[red]",
    ":blue-background[blue]",
    ":material/home: :smile:",
    ":material_star: :streamlit:",
    "a -> b <- c -- d >= e",
    "$x^2$",
    "$$\\frac{1}{2}$$",
    "[link](http://example.com)",
    "<http://example.com/angle>",
    "http://example.com/bare",
    "www.example.com",
    "mail@example.com",
    "<b>html</b>",
    '<a href="http://e.com">a</a>',
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<br>line<br>break",
    '=HYPERLINK("http://example.com","x")',
    "+1",
    "-2",
    "@SUM(A1)",
    "# heading",
    "> quote",
    "1. list",
    "- item",
    "`code`",
    "~~strike~~",
    "a | b | c",
    "&lt;b&gt;entity&lt;/b&gt; &amp;",
    "\\*not emphasis\\*",
    "back\\slash",
    "emoji 🐱 and RTL مرحبا שלום",
    LONG,
]
assert len(set(HOSTILE)) == len(HOSTILE)

# A CSV with a cell that spans lines (quoted), a formula, and markup in the label column.
HOSTILE_CSV = (
    b'text,label\n"first line\n# second line **bold**",<b>group</b>\n'
    b'"=1+2",:red[g]\n"plain words",$y$\n'
)
