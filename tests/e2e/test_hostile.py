"""The hostile corpus (tests/hostile.py) typed into the Data page, then shown by the Map (its side
panel, hover and neighbour table), the Similarity heatmap and Search, in headless Chromium: no
bold, italics, link, heading, formula or colour may come out of it, anywhere, and the
2,000-character item must not make a huge heading or hover label."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot
from tests.hostile import HOSTILE, LONG

pytestmark = pytest.mark.e2e
LOAD = 180_000  # ms: a fresh server loads the model; the first map runs t-SNE
MAIN = "[data-testid='stMain']"

# What the corpus would turn into if it were read as markup: the text inside the markup.
INNER = ["bold", "also bold", "em", "red", "blue", "link", "html", "a", "line", "break",
         "heading", "quote", "list", "item", "code", "strike", "x^2", "not emphasis", "entity",
         "alert(1)", "group"]  # fmt: skip

# Elements the corpus must never produce inside the page's main area (Streamlit's and the app's
# own text uses some of them, so each is checked against the corpus's inner texts).
FOUND = """([main, inner]) => {
  const root = document.querySelector(main), out = [];
  const text = (e) => (e.textContent || "").trim();
  for (const e of root.querySelectorAll("strong, b, em, i, del, s, code, blockquote, li, h1, h2, h3, h4, h5, h6"))
    if (inner.includes(text(e))) out.push(`<${e.tagName.toLowerCase()}> ${text(e)}`);
  for (const e of root.querySelectorAll("a[href]"))
    if (/example\\.com|e\\.com|^mailto:/.test(e.getAttribute("href"))) out.push(`link ${e.getAttribute("href")}`);
  for (const e of root.querySelectorAll(".katex, .katex-display, math")) out.push(`formula ${text(e)}`);
  for (const e of root.querySelectorAll("[style*='color']"))
    if (inner.includes(text(e))) out.push(`coloured ${text(e)}`);
  // Streamlit's own substitutions in markdown: icons, its logo (arrows are checked as text)
  for (const e of root.querySelectorAll("[data-testid='stMarkdownContainer'] span[role='img'], img[alt='Streamlit logo']"))
    out.push(`icon ${e.outerHTML.slice(0, 80)}`);
  for (const e of root.querySelectorAll("img[src='x'], script:not([src])"))
    if (/alert/.test(e.outerHTML)) out.push(`element ${e.outerHTML.slice(0, 80)}`);
  // plotly: a tag in a label becomes <a>, a bold tspan or a line break; an entity shows as text
  for (const svg of root.querySelectorAll(".js-plotly-plot svg.main-svg")) {
    for (const a of svg.querySelectorAll("a")) out.push(`plotly link ${text(a)}`);
    for (const t of svg.querySelectorAll("tspan[style*='bold']"))
      if (text(t)) out.push(`plotly bold ${text(t)}`);
    for (const t of svg.querySelectorAll(".xtick text, .ytick text, .legendtext, .textpoint text"))
      if (/&(lt|gt|amp|#36)/.test(text(t)) && !text(t).startsWith("&lt;b&gt;entity"))
        out.push(`plotly entity ${text(t)}`);
  }
  return out;
}"""


def markup_in(page) -> list[str]:
    return page.evaluate(FOUND, [MAIN, INNER])


def tallest_heading(page) -> float:
    heads = ", ".join(f"{MAIN} {tag}" for tag in ("h1", "h2", "h3", "h4", "summary"))
    return page.evaluate(
        """(sel) => Math.max(0, ...[...document.querySelectorAll(sel)]
            .map(e => e.getBoundingClientRect().height))""",
        heads,
    )


def go_to(page, name: str) -> None:
    """Another page of the same session (a new address would start a new session)."""
    page.locator("[data-testid='stSidebarNav'] a", has_text=name).first.click()
    page.locator("h1", has_text=name).first.wait_for(timeout=LOAD)


def wait_for_map(page) -> None:
    page.wait_for_function(
        "() => globalThis.__eeMap?.current?.drawnFor?.rendered && __eeMap.current.baseShownAt",
        timeout=LOAD,
    )


def pick(page, row: int) -> None:
    """What a click on the row's dot sends (the dot may be hidden under others)."""
    page.evaluate("row => __eeMap.current.send('click', row)", row)
    page.wait_for_function(
        f"() => __eeMap.current.data?.selected === {row} && __eeMap.current.drawnFor.rendered",
        timeout=60_000,
    )


def type_the_corpus(page, url: str) -> None:
    page.goto(f"{url}/data")
    box = page.get_by_label("One word or sentence per line")
    box.wait_for(timeout=LOAD)
    box.fill("\n".join(HOSTILE))
    box.press("Control+Enter")
    page.get_by_role("button", name="Explore these").click()
    page.get_by_text("Now exploring").wait_for(timeout=60_000)


def check_the_map(page) -> None:
    wait_for_map(page)
    pick(page, HOSTILE.index(":red[red]"))  # its text in the pick box and the expander's label
    page.locator(f"{MAIN} summary", has_text="Neighbours of “:red[red]”").wait_for(timeout=30_000)
    assert (found := markup_in(page)) == [], found
    row = HOSTILE.index(LONG)
    assert page.evaluate(f"() => __eeMap.current.points.label({row})").startswith(LONG[:100])
    pick(page, row)
    # then a full rerun (k = 40): the pick stays (an older pick box once undid it) and lists all
    page.locator("[data-testid='stSidebar']").get_by_label("Neighbours", exact=True).fill("40")
    page.keyboard.press("Enter")
    page.wait_for_function(  # k = 40: every other item, once the rerun with the new k is in
        f"() => __eeMap.current.data.neighbours.length === {len(HOSTILE) - 1}", timeout=60_000
    )
    page.wait_for_timeout(500)
    heading = page.locator("[data-testid='ee-picked']")
    expect(heading).to_have_count(1, timeout=30_000)  # a rerun may briefly show the old one too
    assert heading.get_attribute("title") == LONG  # the whole text on hover
    assert heading.bounding_box()["height"] < 80, heading.bounding_box()
    listed = page.locator("[data-testid='ee-neighbours'] li .ee-text").all_inner_texts()
    assert len(listed) == len(HOSTILE) - 1
    assert {t for t in listed if len(t) < 150} == set(HOSTILE) - {LONG}  # as typed
    expander = page.locator(f"{MAIN} [data-testid='stExpander'] summary").filter(
        has_text="Neighbours of"
    )
    assert expander.bounding_box()["height"] < 80, expander.bounding_box()
    expander.click()
    table = page.locator(f"{MAIN} [data-testid='stTable']")
    table.wait_for(timeout=30_000)
    cells = {c.replace("\u2060", "") for c in table.locator("td").all_inner_texts()}
    assert set(HOSTILE) - {LONG} <= cells, sorted(set(HOSTILE) - cells)
    hover_the_long_item(page, row)
    assert (found := markup_in(page)) == [], found
    assert tallest_heading(page) < 120
    shot(page, "hostile-map")


def hover_the_long_item(page, row: int) -> None:
    """Its label wraps inside the map instead of running off it on one line."""
    at = page.evaluate(
        f"""() => {{ const st = __eeMap.current, vp = st.deck.getViewports()[0];
          const b = st.dom.map.getBoundingClientRect(), c = st.points.coords;
          const [x, y] = vp.project([c[2 * {row}], c[2 * {row} + 1], 0]);
          return {{x: b.left + x, y: b.top + y}}; }}"""
    )
    page.mouse.move(at["x"] + 1, at["y"] + 1)
    page.mouse.move(at["x"], at["y"])
    tip = page.locator("[data-testid='ee-tooltip']")
    tip.wait_for(state="visible", timeout=10_000)
    box, area = tip.bounding_box(), page.locator(".ee-map").bounding_box()
    assert box["width"] <= 340 and box["height"] <= 260, box
    assert area["x"] <= box["x"] and box["x"] + box["width"] <= area["x"] + area["width"] + 1
    assert tip.inner_text().startswith(LONG[:50])


def check_the_heatmap(page) -> None:
    page.wait_for_selector(f"{MAIN} .js-plotly-plot .heatmaplayer", timeout=LOAD)
    ticks = page.locator(f"{MAIN} .js-plotly-plot .ytick text").all_text_contents()
    assert len(ticks) == len(HOSTILE)
    for typed in ("<b>html</b>", "$x^2$", "**bold**", "&lt;b&gt;entity&lt;/b&gt; &amp;"):
        assert any(t == typed or typed.startswith(t.rstrip("…")) for t in ticks), (typed, ticks)
    i = next(i for i, t in enumerate(ticks) if t.startswith("A very long"))
    grid = page.locator(f"{MAIN} .js-plotly-plot .nsewdrag").first.bounding_box()
    n = len(ticks)
    x, y = grid["x"] + (i + 0.5) * grid["width"] / n, grid["y"] + (i + 0.5) * grid["height"] / n
    page.mouse.move(x, y)
    label = page.locator(f"{MAIN} .hoverlayer .hovertext").first
    label.wait_for(timeout=10_000)
    box = label.bounding_box()
    plot = page.locator(f"{MAIN} .js-plotly-plot").first.bounding_box()
    assert box["width"] < plot["width"] * 0.9, (box, plot)  # it ran off the chart on one line
    assert label.locator("tspan.line").count() > 3
    assert "A very long item" in label.text_content()
    assert (found := markup_in(page)) == [], found
    shot(page, "hostile-similarity")


def check_search(page) -> None:
    # The typed corpus is the current data: Search lists it as a table; the example documents
    # (typed here too) draw the bars whose labels are checked.
    page.locator(f"{MAIN} [data-testid='stDataFrame']").first.wait_for(timeout=LOAD)
    page.get_by_text("Example documents", exact=True).click()
    docs = page.get_by_label("Documents (one per line)")
    docs.fill("\n".join(HOSTILE))
    docs.press("Control+Enter")
    query = page.get_by_label("Query")
    query.fill("**bold** $x^2$ :red[red] [link](http://example.com)")
    query.press("Enter")
    page.locator(f"{MAIN} .js-plotly-plot .ytick text", has_text="A very long").first.wait_for(
        timeout=LOAD
    )
    page.wait_for_timeout(1000)  # plotly's redraw is done
    ticks = page.locator(f"{MAIN} .js-plotly-plot .ytick text").all_text_contents()
    assert "<b>html</b>" in ticks and "$x^2$" in ticks, ticks
    assert max(len(t) for t in ticks) <= 64
    assert (found := markup_in(page)) == [], found
    assert tallest_heading(page) < 120
    shot(page, "hostile-search")


def test_the_hostile_corpus_shows_as_typed_on_every_page(app_url, page):
    type_the_corpus(page, app_url)
    assert (found := markup_in(page)) == [], found
    shot(page, "hostile-data")
    go_to(page, "Map")
    check_the_map(page)
    go_to(page, "Similarity")
    check_the_heatmap(page)
    go_to(page, "Search")
    check_search(page)
    assert page.get_by_text("Traceback").count() == 0
