// Beside the map: the neighbour list (a click on one picks it), the legend and the status line.

const v = new URL(import.meta.url).search;  // this copy's ?v=: siblings at the same version (map.js)
const [{ el, shortened }, { pick }] = await Promise.all([
  import(`./dom.js${v}`),
  import(`./picking.js${v}`),
]);

function listItems(mapState, list, ol) {
  const d = mapState.data;
  for (const x of list) {
    const li = el("li", { "data-id": String(x.id) });
    const score = el("span", { class: "ee-score" }, x.score.toFixed(3));
    li.append(score, el("span", { class: "ee-text" }, x.text), el("br"), el("span", { class: "ee-group" }, x.group));
    const full = x.full ? `${x.full}\n\n` : "";  // the list shows long texts shortened
    li.title = `${full}Show the neighbours of this item (${d.score_name} ${x.score.toFixed(4)})`;
    li.addEventListener("click", () => pick(mapState, x.id));
    ol.append(li);
  }
}

export function drawPanel(mapState) {
  const { panel } = mapState.dom, d = mapState.data;
  panel.replaceChildren();
  if (d.selected !== null && d.selected !== undefined) {
    panel.append(el("div", { class: "ee-note" }, "Nearest neighbours of"),
      el("h4", { title: d.selected_full ?? d.selected_text, "data-testid": "ee-picked" }, d.selected_text));
    panel.append(el("p", { class: "ee-note" }, `${d.score_name} in the full space${d.lower_is_nearer ? " (lower is nearer)" : ""}; click one to go on`));
    const ol = el("ol", { "data-testid": "ee-neighbours" });
    listItems(mapState, d.neighbours, ol);
    panel.append(ol);
  } else if (!d.meaning.length) {
    panel.append(el("h4", {}, "Nearest neighbours"),
      el("p", { class: "ee-note" }, "Click a dot to list its nearest neighbours here and ring them on the map. Scroll to zoom, drag to move; Lasso (or Shift + drag) selects a region."));
  }
  if (d.meaning.length) {
    panel.append(el("div", { class: "ee-note" }, "Nearest by meaning to"),
      el("h4", { title: d.query_full ?? d.query }, d.query));
    const ol = el("ol", { "data-testid": "ee-meaning" });
    listItems(mapState, d.meaning, ol);
    panel.append(ol);
  }
  if (d.legend) panel.append(legend(d.legend, mapState));
}

function legend(lg, mapState) {
  const box = el("div", { class: "ee-legend", "data-testid": "ee-legend" });
  box.append(el("h4", { title: lg.title }, `Colour: ${shortened(lg.title, 60)}`));
  if (lg.kind === "numeric") {
    const bar = el("div", { class: "ee-ramp" });
    bar.style.background = `linear-gradient(to right, ${lg.ramp.join(", ")})`;
    const ends = el("div", { style: "justify-content: space-between" });
    const [lo, hi] = lg.range_labels || lg.range.map((x) => x.toPrecision(4));  // dates read as dates
    ends.append(el("span", {}, lo), el("span", {}, hi));
    box.append(bar, ends);
    return box;
  }
  const f = mapState.data.filter || {};
  const on = f.legend_on || null;  // the names the filter keeps (null: no filter on this column)
  for (const e of lg.entries) {
    const row = el("div", { "data-name": e.name });
    const sw = el("span", { class: "ee-swatch" });
    sw.style.background = e.colour;
    row.title = e.name;
    row.append(sw, el("span", {}, `${shortened(e.name, 60)} (${e.count.toLocaleString()})`));
    if (f.legend_column) {  // a click keeps only this category (another click adds or removes one)
      row.classList.add("ee-filterable");
      if (on && !on.includes(e.name)) row.classList.add("ee-off");
      row.title = `${e.name}\nClick to ${on && on.includes(e.name) ? "stop showing only" : "show only"} this (filter)`;
      row.addEventListener("click", () => mapState.send("legend", e.name));
    }
    box.append(row);
  }
  if (f.bits) box.append(el("p", { class: "ee-note", "data-testid": "ee-filtered" }, `${f.kept.toLocaleString()} of ${mapState.points.n.toLocaleString()} rows pass the filter; the rest are grey`));
  return box;
}

export function drawStatus(mapState) {
  const d = mapState.data, parts = [`${mapState.points.n.toLocaleString()} points`];
  if (d.match_count) parts.push(`${d.match_count.toLocaleString()} match${d.match_count > 1 ? "es" : ""} ringed in orange${d.match_count > d.matches.length ? ` (first ${d.matches.length.toLocaleString()})` : ""}`);
  if (d.meaning.length) parts.push("nearest by meaning ringed in orange");
  if (d.neighbours.length) parts.push("neighbours ringed in red");
  if (mapState.lassoed && mapState.lassoed.length) parts.push(`${mapState.lassoed.length.toLocaleString()} selected`);
  mapState.dom.status.textContent = parts.join(" · ");
}
