"""User text shown as text: the one place that knows how each kind of output reads markup.

Every string a user typed or uploaded (items, labels, file and column names, queries) goes
through one of these on its way to the screen or a download:

- :func:`plain` for Streamlit markdown (``st.markdown``, captions, messages, subheaders, expander
  labels, and ``st.table`` cells, which Streamlit renders as markdown too);
- :func:`short` for titles and labels: one line, cut with "…" (the full text stays in the hover,
  a table or an expander);
- :func:`label` and :func:`hover` for plotly (tick, legend, marker and axis-title text, and hover
  text): plotly renders a subset of HTML there (``<b>``, ``<a href>``, ``<br>``…), turns entities
  such as ``&lt;`` back into characters, and typesets ``$…$`` when MathJax is on the page;
- :func:`spreadsheet_safe` (from :mod:`core.io.uploads`, which uses it in ``to_csv``) for CSV cells.

``st.dataframe`` draws cells on a canvas (never markdown) and the map's JavaScript sets user text
with ``textContent``: those take text as it is.
"""

from __future__ import annotations

import re
import textwrap

from core.io.exports import safe_cell as spreadsheet_safe

__all__ = ["hover", "label", "plain", "short", "spreadsheet_safe", "unique"]

# Every ASCII character markdown (CommonMark, GFM, Streamlit's :colour[…] and :emoji: directives,
# KaTeX's $…$) gives a meaning to; a backslash before each is a valid escape that shows it as is.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&=])")
# Streamlit also rewrites some text after markdown has undone the escapes: web and e-mail
# addresses become links (GFM's autolinks, found in the text, escaped or not), ":material/x:"
# and ":material_x:" icons, ":streamlit:" its logo, ":smile:" an emoji, and "->", "<-", "--",
# ">=", "<=", "~=" between spaces arrows and signs. An invisible word joiner breaks each pattern.
_JOIN = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=https:)(?=//)|(?<=http:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)(?=[-\w])")
_SHORTCODE = re.compile(r":(?=[\w+-]+(?:/[\w+-]+)?:)")
_TYPOGRAPHY = re.compile(r"(?<!\S)(<->|->|<-|--|>=|<=|~=)(?!\S)")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_SPACES = re.compile(r"\s+")
_PLOTLY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;"}
_PLOTLY_CHARS = re.compile("[&<>$]")


def plain(text: object) -> str:
    """User text made safe to put inside Streamlit markdown: every markdown character is
    backslash-escaped, so "**x**", ":red[x]", "$x$" or "[a](b)" show as typed, and line breaks
    become spaces (markdown joins lines anyway, and a next line starting with "#" or "=" would
    make a heading). Links, icons, emoji and arrows that Streamlit would make from the text are
    kept as typed by an invisible word joiner (U+2060) inside the pattern."""
    line = _LINE_BREAKS.sub(" ", str(text))
    line = _AUTOLINK.sub(_JOIN, line)
    line = _SHORTCODE.sub(":" + _JOIN, line)
    line = _TYPOGRAPHY.sub(lambda m: _JOIN.join(m.group()), line)
    return _MARKDOWN.sub(r"\\\1", line)


def short(text: object, most: int = 80) -> str:
    """One line of at most ``most`` characters: runs of white space (line breaks, tabs) become
    one space, and a longer text is cut at a word where one is near, ending in "…"."""
    line = _SPACES.sub(" ", str(text)).strip()
    if len(line) <= most:
        return line
    cut = line[: most - 1]
    space = cut.rfind(" ")
    mid_word = line[most - 1] != " "
    if mid_word and space >= most * 2 // 3:  # a word boundary near the end: cut there
        cut = cut[:space]
    return cut.rstrip() + "…"


def label(text: object, most: int | None = None) -> str:
    """Text for a plotly label (tick, legend entry, marker text, axis title), shown as typed:
    shortened first (so an entity is never cut in half), then ``& < > $`` written as entities,
    which plotly shows as the characters and never reads as tags or TeX."""
    line = short(text, most) if most else _SPACES.sub(" ", str(text)).strip()
    return _PLOTLY_CHARS.sub(lambda m: _PLOTLY[m.group()], line)


def hover(text: object, *, width: int = 80, most: int = 600) -> str:
    """Text for a plotly hover label: up to ``most`` characters, wrapped into lines of about
    ``width`` (plotly never wraps a hover label: a long one ran off the chart on one line), each
    line escaped as :func:`label` does and joined with ``<br>``."""
    lines = textwrap.wrap(short(text, most), width, break_on_hyphens=False)
    return "<br>".join(label(line) for line in lines)


def unique(names: list[str]) -> list[str]:
    """Names made distinct by a " (2)", " (3)"… suffix on repeats: plotly merges equal category
    names into one row, so two texts shortened alike would share a row of the heatmap."""
    used: set[str] = set()
    out = []
    for name in names:
        candidate, k = name, 1
        while candidate in used:
            k += 1
            candidate = f"{name} ({k})"
        used.add(candidate)
        out.append(candidate)
    return out
