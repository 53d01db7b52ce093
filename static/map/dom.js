// The map's DOM (built once per element), and the helpers that put user text in it: only ever
// as textContent or an attribute, never as markup.

const CSS = `
.ee-root { position: relative; display: flex; gap: 12px; height: 520px;
  font-family: "Source Sans Pro", "Source Sans 3", Inter, Helvetica, Arial, sans-serif; font-size: 14px;
  color: #212529; background: #fff; }
.ee-root:fullscreen { height: 100vh !important; padding: 8px; box-sizing: border-box; }
.ee-map { position: relative; flex: 1 1 auto; min-width: 0; border: 1px solid #dee2e6; border-radius: 8px;
  overflow: hidden; background: #fcfcfd; }
.ee-panel { flex: 0 0 280px; overflow-y: auto; border: 1px solid #dee2e6; border-radius: 8px; padding: 10px 12px; }
.ee-panel h4 { margin: 2px 0 4px; font-size: 15px; overflow-wrap: anywhere;
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; overflow: hidden; }
.ee-panel .ee-note { color: #6c757d; font-size: 13px; margin: 0 0 8px; }
.ee-panel ol { margin: 0 0 12px; padding-left: 26px; }
.ee-panel li { cursor: pointer; padding: 2px 0; overflow-wrap: anywhere; }
.ee-panel li:hover .ee-text { text-decoration: underline; }
.ee-score { float: right; color: #495057; font-variant-numeric: tabular-nums; margin-left: 6px; }
.ee-group { color: #868e96; font-size: 12px; }
.ee-legend div { display: flex; align-items: center; gap: 6px; font-size: 13px; overflow-wrap: anywhere; }
.ee-legend .ee-filterable { cursor: pointer; border-radius: 4px; }
.ee-legend .ee-filterable:hover { background: #F1F3F5; }
.ee-legend .ee-off { opacity: 0.4; }
.ee-swatch { width: 11px; height: 11px; border-radius: 50%; flex: 0 0 11px; }
.ee-ramp { height: 10px; border-radius: 3px; margin: 4px 0 2px; }
.ee-tools { position: absolute; top: 8px; left: 8px; z-index: 2; display: flex; gap: 6px; }
.ee-tools button { font: inherit; font-size: 13px; padding: 3px 9px; border: 1px solid #ced4da;
  border-radius: 6px; background: rgba(255,255,255,0.92); cursor: pointer; }
.ee-tools button[aria-pressed="true"] { background: #4c6ef5; color: #fff; border-color: #4c6ef5; }
.ee-lasso { position: absolute; inset: 0; width: 100%; height: 100%; z-index: 1; display: none; cursor: crosshair; }  /* an svg keeps 300×150 without a size */
.ee-lasso.on { display: block; }
.ee-lasso path { fill: rgba(76,110,245,0.12); stroke: #4c6ef5; stroke-width: 1.5; stroke-dasharray: 4 3; }
.ee-tooltip { position: absolute; z-index: 3; display: none; pointer-events: none; max-width: 320px;
  max-height: 14em; overflow: hidden; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13px; background: rgba(33,37,41,0.92);
  color: #fff; padding: 4px 8px; border-radius: 4px; }
.ee-status { position: absolute; bottom: 6px; left: 10px; z-index: 2; color: #6c757d; font-size: 12px;
  background: rgba(255,255,255,0.85); padding: 1px 6px; border-radius: 4px; }
`;

export function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export function buildDom(parent) {
  const style = el("style");
  style.textContent = CSS;
  const root = el("div", { class: "ee-root", "data-testid": "ee-map" });
  const map = el("div", { class: "ee-map" });
  const tools = el("div", { class: "ee-tools" });
  const reset = el("button", { type: "button", title: "Show the whole map again" }, "Reset view");
  const lasso = el("button", { type: "button", "aria-pressed": "false",
    title: "Draw around points to select them (or drag with Shift held)" }, "Lasso");
  const full = el("button", { type: "button", title: "Map and list on the whole screen" }, "Full screen");
  const png = el("button", { type: "button", "data-testid": "ee-png",
    title: "Download the map as you see it now, at this zoom (PNG picture)" }, "Save PNG");
  tools.append(reset, lasso, full, png);
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "ee-lasso");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  svg.appendChild(path);
  const status = el("div", { class: "ee-status" });
  const canvasHost = el("div", { style: "position:absolute; inset:0" });
  const baseHost = el("div", { style: "position:absolute; inset:0" });
  const overlayHost = el("div", { style: "position:absolute; inset:0; pointer-events:none" });
  canvasHost.append(baseHost, overlayHost);
  const tooltip = el("div", { class: "ee-tooltip", "data-testid": "ee-tooltip" });
  map.append(canvasHost, svg, tools, status, tooltip);
  const panel = el("div", { class: "ee-panel", "data-testid": "ee-panel" });
  root.append(map, panel);
  parent.append(style, root);
  return { root, map, canvasHost, baseHost, overlayHost, svg, path, panel, status, tooltip, buttons: { reset, lasso, full, png } };
}

// Group names and column titles come from the user's file: one line, cut with "…" (the
// Python side shortens what it sends with components.text.short; these arrive as they are).
export function shortened(text, most) {
  const line = String(text).replace(/\s+/g, " ").trim();
  return line.length <= most ? line : `${line.slice(0, most - 1).trimEnd()}…`;
}

// The map fills the window below its top (at least 400 px), measured, not guessed.
export function fitHeight(mapState) {
  const top = mapState.dom.root.getBoundingClientRect().top + window.scrollY;
  const h = Math.max(400, Math.round(window.innerHeight - top - 12));
  if (mapState.dom.root.style.height !== `${h}px`) mapState.dom.root.style.height = `${h}px`;
}
