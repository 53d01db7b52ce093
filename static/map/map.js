// Embedding Explorer's map: deck.gl draws the points; this file keeps the camera, rings the
// neighbours Python sends, shows hover labels, the neighbour list and the legend, and sends back
// clicks (a row id) and lasso selections (row ids). Called again on every data change with the
// same parent element: everything here is idempotent. User text is only ever set as textContent.

const store = (globalThis.__eeMap ??= { blobs: new Map(), waiters: new Map(), deck: null });
const raw = (globalThis.__eeMapRaw ??= { items: [], listeners: new Set() });
const states = (store.states ??= new WeakMap());
const NEIGHBOUR = [201, 42, 42];
const MATCH = [232, 89, 12];
const PICKED = [33, 37, 41];
const LASSOED = [76, 110, 245];
const OFF_SCREEN = [1e7, 1e7, 0];

// ---- blobs (see components/map/payload.py) --------------------------------------------------
function bytesOf(d) {
  if (d instanceof Uint8Array) return d;
  if (d instanceof ArrayBuffer) return new Uint8Array(d);
  if (ArrayBuffer.isView(d)) return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  return null;
}

function decode(u8) {
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const magic = String.fromCharCode(u8[0], u8[1], u8[2], u8[3]);
  const size = dv.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(u8.subarray(8, 8 + size)));
  let at = 8 + size;
  const take = (Type, count) => {
    const arr = new Type(u8.slice(at, at + count * Type.BYTES_PER_ELEMENT).buffer);
    at += count * Type.BYTES_PER_ELEMENT;
    return arr;
  };
  const n = header.n;
  if (magic === "EEC1") {
    const codes = take(Uint16Array, n);
    const rgb = header.palette.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const rgba = new Uint8Array(4 * n);
    for (let i = 0; i < n; i++) {
      const c = rgb[codes[i]] || [150, 150, 150];
      rgba[4 * i] = c[0]; rgba[4 * i + 1] = c[1]; rgba[4 * i + 2] = c[2]; rgba[4 * i + 3] = 215;
    }
    return { ...header, codes, rgba };
  }
  const coords = take(Float32Array, n * header.dims);
  const offsets = take(Uint32Array, n + 1);
  const text = u8.slice(at, at + offsets[n]);
  const dec = new TextDecoder();
  const label = (i) => dec.decode(text.subarray(offsets[i], offsets[i + 1]));
  return { ...header, coords, offsets, label };
}

function drainRaw() {
  while (raw.items.length) {
    const u8 = bytesOf(raw.items.shift());
    if (!u8 || u8.length < 8) continue;
    const blob = decode(u8);
    store.blobs.set(blob.id, blob);
    if (store.blobs.size > 8) store.blobs.delete(store.blobs.keys().next().value);
    (store.waiters.get(blob.id) || []).forEach((resolve) => resolve(blob));
    store.waiters.delete(blob.id);
  }
}
raw.listeners.add(drainRaw);

function blob(id) {
  drainRaw();
  if (store.blobs.has(id)) return Promise.resolve(store.blobs.get(id));
  return new Promise((resolve) => {
    const list = store.waiters.get(id) || [];
    list.push(resolve);
    store.waiters.set(id, list);
  });
}

function loadDeck(url) {
  if (globalThis.deck) return Promise.resolve(globalThis.deck);
  store.deck ??= new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = url;
    s.onload = () => resolve(globalThis.deck);
    s.onerror = () => reject(new Error(`could not load deck.gl from ${url}`));
    document.head.appendChild(s);
  });
  return store.deck;
}

// ---- DOM ---------------------------------------------------------------------------------------
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
.ee-swatch { width: 11px; height: 11px; border-radius: 50%; flex: 0 0 11px; }
.ee-ramp { height: 10px; border-radius: 3px; margin: 4px 0 2px; }
.ee-tools { position: absolute; top: 8px; left: 8px; z-index: 2; display: flex; gap: 6px; }
.ee-tools button { font: inherit; font-size: 13px; padding: 3px 9px; border: 1px solid #ced4da;
  border-radius: 6px; background: rgba(255,255,255,0.92); cursor: pointer; }
.ee-tools button[aria-pressed="true"] { background: #4c6ef5; color: #fff; border-color: #4c6ef5; }
.ee-lasso { position: absolute; inset: 0; z-index: 1; display: none; cursor: crosshair; }
.ee-lasso.on { display: block; }
.ee-lasso path { fill: rgba(76,110,245,0.12); stroke: #4c6ef5; stroke-width: 1.5; stroke-dasharray: 4 3; }
.ee-tooltip { position: absolute; z-index: 3; display: none; pointer-events: none; max-width: 320px;
  max-height: 14em; overflow: hidden; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13px; background: rgba(33,37,41,0.92);
  color: #fff; padding: 4px 8px; border-radius: 4px; }
.ee-status { position: absolute; bottom: 6px; left: 10px; z-index: 2; color: #6c757d; font-size: 12px;
  background: rgba(255,255,255,0.85); padding: 1px 6px; border-radius: 4px; }
`;

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function buildDom(parent) {
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

// ---- camera ------------------------------------------------------------------------------------
function fitView(points, dims, width, height) {
  const lo = points.min, hi = points.max;
  const centre = [0, 1, 2].map((i) => (i < dims ? (lo[i] + hi[i]) / 2 : 0));
  const span = Math.max(hi[0] - lo[0], hi[1] - lo[1], dims === 3 ? hi[2] - lo[2] : 0, 1e-6);
  const scale = (0.88 * Math.max(Math.min(width, height), 100)) / span;
  const zoom = Math.log2(scale);
  if (dims === 3) return { target: centre, zoom, rotationX: 25, rotationOrbit: 30, minZoom: zoom - 4, maxZoom: zoom + 12 };
  return { target: centre, zoom, minZoom: zoom - 4, maxZoom: zoom + 16 };
}

// Two decks share one camera: the points (redrawn only when the camera moves or the data
// changes) and, on top, the overlay (rings, the pick, labels), the only one a click redraws.
// With software WebGL a frame of 100,000 points takes seconds; a frame of the overlay, a few ms.
function makeDeck(deck, st) {
  const dims = st.points.dims;
  const view = () => (dims === 3
    ? new deck.OrbitView({ id: "map", orbitAxis: "Y" })
    : new deck.OrthographicView({ id: "map", flipY: false }));
  const { clientWidth: w, clientHeight: h } = st.dom.map;
  st.viewState = fitView(st.points, dims, w, h);
  st.dom.baseHost.replaceChildren();
  st.dom.overlayHost.replaceChildren();
  // Both canvases keep their last frame (luma.gl's default, said here so the PNG can rely on it).
  const deviceProps = { webgl: { preserveDrawingBuffer: true } };
  st.overlay = new deck.Deck({
    parent: st.dom.overlayHost, deviceProps, views: view(), viewState: st.viewState, controller: false,
    onAfterRender: () => afterRender(st), layers: [],
  });
  st.deck = new deck.Deck({
    parent: st.dom.baseHost, deviceProps,
    views: view(),
    initialViewState: st.viewState,
    controller: { doubleClickZoom: false, inertia: false },
    onViewStateChange: ({ viewState }) => {
      st.viewState = viewState;
      st.overlay.setProps({ viewState });
      relabelSoon(st);
    },
    onAfterRender: () => baseRendered(st),
    getCursor: ({ isDragging }) => (isDragging ? "grabbing" : st.hovered != null ? "pointer" : "grab"),
    layers: [],
  });
  st.deckDims = dims;
  st.baseKey = null;
  st.overlayWarm = false;
}

function resetView(st) {
  const { clientWidth: w, clientHeight: h } = st.dom.map;
  const smooth = st.points.n <= 20000 ? 250 : 0;  // each frame of a big map is slow without a GPU
  st.viewState = { ...fitView(st.points, st.points.dims, w, h), transitionDuration: smooth };
  st.deck.setProps({ initialViewState: st.viewState });
}

// ---- layers ------------------------------------------------------------------------------------
function position(st, i) {
  const c = st.points.coords, d = st.points.dims;
  return d === 3 ? [c[3 * i], c[3 * i + 1], c[3 * i + 2]] : [c[2 * i], c[2 * i + 1], 0];
}

function radius(n) {
  return n > 300000 ? 1.5 : n > 50000 ? 2 : n > 5000 ? 3 : n > 500 ? 4 : 6;
}

function pointsLayer(deck, st) {
  const key = `${st.points.id}/${st.colours.id}`;
  if (st.pointsLayerKey !== key) {  // the same data object afterwards: no attribute is rebuilt
    st.pointsData = {
      length: st.points.n,
      attributes: {
        getPosition: { value: st.points.coords, size: st.points.dims },
        getFillColor: { value: st.colours.rgba, size: 4, normalized: true },
      },
    };
    st.pointsLayerKey = key;
  }
  return new deck.ScatterplotLayer({
    id: `points-${key}`, data: st.pointsData, pickable: false, radiusUnits: "pixels",
    getRadius: 1, radiusScale: radius(st.points.n), stroked: false,
  });
}

function rings(st) {
  const d = st.data, out = [];
  const lassoed = st.lassoed || [];
  for (const id of lassoed.slice(0, 20000)) out.push({ id, colour: LASSOED, r: 2, w: 1.5 });
  for (const id of d.matches) out.push({ id, colour: MATCH, r: 4, w: 2 });
  for (const x of d.meaning) out.push({ id: x.id, colour: MATCH, r: 5, w: 2.5 });
  for (const x of d.neighbours) out.push({ id: x.id, colour: NEIGHBOUR, r: 5, w: 2.5 });
  return out;
}

function overlayLayers(deck, st, ringData) {
  const r = radius(st.points.n);
  const picked = st.pending ?? st.data.selected;
  const layers = [
    new deck.ScatterplotLayer({
      id: "rings", data: ringData, pickable: false, filled: false, stroked: true,
      radiusUnits: "pixels", lineWidthUnits: "pixels",
      getPosition: (x) => position(st, x.id), getRadius: (x) => r + x.r,
      getLineColor: (x) => x.colour, getLineWidth: (x) => x.w,
    }),
  ];
  // Always present (empty when nothing is picked), so its shaders are ready before a click.
  const hasPick = picked !== null && picked !== undefined;
  // Until the overlay has drawn once, the pick and label layers draw a dot and a label far off
  // screen: shaders are compiled on a layer's first draw (most of a second in software WebGL),
  // and that should not fall on the user's first click.
  const warm = !st.overlayWarm;
  layers.push(new deck.ScatterplotLayer({
    id: "picked", data: hasPick ? [picked] : warm ? [-1] : [], pickable: false, radiusUnits: "pixels",
    lineWidthUnits: "pixels", stroked: true, filled: false,
    getPosition: (i) => (i < 0 ? OFF_SCREEN : position(st, i)),
    getRadius: r + 5, getLineColor: PICKED, getLineWidth: 3.5,
  }));
  layers.push(textLayer(deck, st, picked));
  return layers;
}

// Labels that fit: the picked item and its neighbours first, then the rest (small sets), each
// kept only where it does not cover one already placed; placed again whenever the camera moves.
const measure = document.createElement("canvas").getContext("2d");
measure.font = "500 12px Helvetica, Arial, sans-serif";

function labelCandidates(st, picked) {
  const important = [picked, ...st.data.neighbours.map((x) => x.id), ...st.data.meaning.map((x) => x.id)]
    .filter((i) => i !== null && i !== undefined);
  const rest = [];
  if (st.data.labels) for (let i = 0; i < st.points.n; i++) rest.push(i);
  const seen = new Set();
  return [...important.map((i) => [i, 1]), ...rest.map((i) => [i, 0])].filter(([i]) => !seen.has(i) && seen.add(i));
}

function placeLabels(st, picked) {
  let viewport = null;
  try { viewport = st.overlay.getViewports()[0]; } catch { /* not laid out yet */ }
  if (!viewport) { st.needLabels = true; return []; }
  st.labelWidths ??= new Map();
  const placed = [], boxes = [];
  for (const [i, priority] of labelCandidates(st, picked)) {
    const text = shortened(st.points.label(i), 32);
    const key = `${st.points.id}/${i}`;
    if (!st.labelWidths.has(key)) st.labelWidths.set(key, measure.measureText(text).width);
    const w = st.labelWidths.get(key) + 4;
    const [x, y] = viewport.project(position(st, i));
    if (x < -w || y < -20 || x > viewport.width + w || y > viewport.height + 20) continue;
    const box = [x - w / 2, y - 25, x + w / 2, y - 10];
    if (boxes.some((b) => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3])) continue;
    boxes.push(box);
    placed.push({ id: i, text, priority });
  }
  return placed;
}

function textLayer(deck, st, picked) {
  const data = placeLabels(st, picked);
  const warm = !st.overlayWarm && !data.length;
  if (warm) data.push({ id: -1, text: "warm-up", priority: 0 });
  st.labelsShown = data.length;
  return new deck.TextLayer({
    id: "labels", data, characterSet: "auto", getText: (x) => x.text,
    getPosition: (x) => (x.id < 0 ? OFF_SCREEN : position(st, x.id)), getSize: 12, sizeUnits: "pixels", billboard: true, getPixelOffset: [0, -17],
    getColor: (x) => (x.priority ? [20, 20, 20, 255] : [60, 66, 72, 235]),
    fontFamily: "Helvetica, Arial, sans-serif", fontWeight: 500,
    outlineWidth: 3, outlineColor: [255, 255, 255, 230], fontSettings: { sdf: true },
  });
}

function relabelSoon(st) {
  if (st.relabel) return;
  st.relabel = requestAnimationFrame(() => {
    st.relabel = null;
    if (st.points && st.data) redraw(st, { keepTiming: true });
  });
}

function redraw(st, { keepTiming = false } = {}) {
  const deck = globalThis.deck;
  const ringData = rings(st);
  if (!keepTiming) st.drawnFor = { selected: st.data.selected, rings: ringData.length, at: performance.now() };
  const key = `${st.points.id}/${st.colours.id}`;
  if (st.baseKey !== key) {  // the points change only with the data
    st.deck.setProps({ layers: [pointsLayer(deck, st)] });
    st.baseKey = key;
  }
  st.overlay.setProps({ layers: overlayLayers(deck, st, ringData) });
}

// When the points' frame is on screen: two animation frames after deck.gl drew it (without a GPU
// the browser rasterises a million points for many seconds before the next frame comes).
function baseRendered(st) {
  const key = st.baseKey;
  requestAnimationFrame(() => requestAnimationFrame(() => {
    if (st.baseKey === key && st.baseShown !== key) { st.baseShown = key; st.baseShownAt = performance.now(); }
  }));
}

function afterRender(st) {
  if (!st.overlayWarm) { st.overlayWarm = true; relabelSoon(st); }
  if (st.needLabels) { st.needLabels = false; relabelSoon(st); }
  if (st.drawnFor && !st.drawnFor.rendered) {
    st.drawnFor.rendered = performance.now();
    store.current = st;  // for tests and benchmarks: what is drawn, and when
  }
}

// ---- events ------------------------------------------------------------------------------------
// Picking on the CPU, from the coordinates this page already holds: one pass over the points
// (a few ms at a million) instead of deck.gl's GPU picking, which reads pixels back from the GPU
// on every hover and took seconds per pick in software WebGL.
function projector(viewport) {
  const m = viewport.pixelProjectionMatrix;
  return (x, y, z) => {
    const w = m[3] * x + m[7] * y + m[11] * z + m[15];
    return [(m[0] * x + m[4] * y + m[8] * z + m[12]) / w, (m[1] * x + m[5] * y + m[9] * z + m[13]) / w];
  };
}

function pointAt(st, px, py) {
  let viewport = null;
  try { viewport = st.deck.getViewports()[0]; } catch { return null; }
  if (!viewport) return null;
  const c = st.points.coords, n = st.points.n, d = st.points.dims;
  const reach = radius(n) + 3;
  let best = null, bestD = reach * reach;
  if (d === 2) {  // the cursor goes to map units; the points stay as they are
    const [wx, wy] = viewport.unproject([px, py]);
    const scale = 2 ** viewport.zoom, r = reach / scale;
    for (let i = 0; i < n; i++) {
      const dx = c[2 * i] - wx, dy = c[2 * i + 1] - wy;
      if (dx > r || dx < -r || dy > r || dy < -r) continue;
      const dd = (dx * dx + dy * dy) * scale * scale;
      if (dd <= bestD) { bestD = dd; best = i; }
    }
    return best;
  }
  const project = projector(viewport);
  for (let i = 0; i < n; i++) {
    const [x, y] = project(c[3 * i], c[3 * i + 1], c[3 * i + 2]);
    const dd = (x - px) ** 2 + (y - py) ** 2;
    if (dd <= bestD) { bestD = dd; best = i; }
  }
  return best;
}

function showTooltip(st, row, px, py) {
  const tip = st.dom.tooltip;
  if (row === null) { tip.style.display = "none"; return; }
  let text = st.points.label(row);
  if (st.colours.names && st.legendKind === "categorical") text += `\n${shortened(st.colours.names[st.colours.codes[row]], 60)}`;
  tip.textContent = text;
  tip.style.display = "block";
  // Inside the map: left of the cursor near the right edge, above it near the bottom.
  tip.style.left = `${Math.max(4, Math.min(px + 12, st.dom.map.clientWidth - tip.offsetWidth - 4))}px`;
  const below = py + 14, above = py - 10 - tip.offsetHeight;
  tip.style.top = `${below + tip.offsetHeight > st.dom.map.clientHeight - 4 && above >= 4 ? above : below}px`;
}

function wirePicking(st) {
  const host = st.dom.canvasHost;
  let down = null, pendingMove = null;
  const local = (e) => { const b = st.dom.map.getBoundingClientRect(); return [e.clientX - b.left, e.clientY - b.top]; };
  host.addEventListener("pointerdown", (e) => { down = local(e); });
  host.addEventListener("pointermove", (e) => {
    if (e.buttons) { showTooltip(st, null); return; }
    const at = local(e);
    if (pendingMove) { pendingMove = at; return; }
    pendingMove = at;
    requestAnimationFrame(() => {
      const [x, y] = pendingMove;
      pendingMove = null;
      if (!st.points) return;
      st.hovered = pointAt(st, x, y);
      showTooltip(st, st.hovered, x, y);
    });
  });
  host.addEventListener("pointerleave", () => { st.hovered = null; showTooltip(st, null); });
  host.addEventListener("click", (e) => {
    const [x, y] = local(e);
    if (!st.points || (down && Math.hypot(x - down[0], y - down[1]) > 4)) return;  // a drag
    const row = pointAt(st, x, y);
    if (row !== null) pick(st, row);
  });
}

function pick(st, row) {
  st.clickedAt = performance.now();
  st.clickedRow = row;
  st.pending = row;  // the picked dot is marked at once; its neighbours follow from Python
  redraw(st);
  st.send("click", row);
}

// ---- panel: neighbour list and legend ----------------------------------------------------------
function listItems(st, list, ol) {
  const d = st.data;
  for (const x of list) {
    const li = el("li", { "data-id": String(x.id) });
    const score = el("span", { class: "ee-score" }, x.score.toFixed(3));
    li.append(score, el("span", { class: "ee-text" }, x.text), el("br"), el("span", { class: "ee-group" }, x.group));
    const full = x.full ? `${x.full}\n\n` : "";  // the list shows long texts shortened
    li.title = `${full}Show the neighbours of this item (${d.score_name} ${x.score.toFixed(4)})`;
    li.addEventListener("click", () => pick(st, x.id));
    ol.append(li);
  }
}

function drawPanel(st) {
  const { panel } = st.dom, d = st.data;
  panel.replaceChildren();
  if (d.selected !== null && d.selected !== undefined) {
    panel.append(el("div", { class: "ee-note" }, "Nearest neighbours of"),
      el("h4", { title: d.selected_full ?? d.selected_text, "data-testid": "ee-picked" }, d.selected_text));
    panel.append(el("p", { class: "ee-note" }, `${d.score_name} in the full space${d.lower_is_nearer ? " (lower is nearer)" : ""}; click one to go on`));
    const ol = el("ol", { "data-testid": "ee-neighbours" });
    listItems(st, d.neighbours, ol);
    panel.append(ol);
  } else if (!d.meaning.length) {
    panel.append(el("h4", {}, "Nearest neighbours"),
      el("p", { class: "ee-note" }, "Click a dot to list its nearest neighbours here and ring them on the map. Scroll to zoom, drag to move; Lasso (or Shift + drag) selects a region."));
  }
  if (d.meaning.length) {
    panel.append(el("div", { class: "ee-note" }, "Nearest by meaning to"),
      el("h4", { title: d.query_full ?? d.query }, d.query));
    const ol = el("ol", { "data-testid": "ee-meaning" });
    listItems(st, d.meaning, ol);
    panel.append(ol);
  }
  if (d.legend) panel.append(legend(d.legend));
}

// Group names and column titles come from the user's file: one line, cut with "…" (the
// Python side shortens what it sends with components.text.short; these arrive as they are).
function shortened(text, most) {
  const line = String(text).replace(/\s+/g, " ").trim();
  return line.length <= most ? line : `${line.slice(0, most - 1).trimEnd()}…`;
}

function legend(lg) {
  const box = el("div", { class: "ee-legend", "data-testid": "ee-legend" });
  box.append(el("h4", { title: lg.title }, `Colour: ${shortened(lg.title, 60)}`));
  if (lg.kind === "numeric") {
    const bar = el("div", { class: "ee-ramp" });
    bar.style.background = `linear-gradient(to right, ${lg.ramp.join(", ")})`;
    const ends = el("div", { style: "justify-content: space-between" });
    ends.append(el("span", {}, lg.range[0].toPrecision(4)), el("span", {}, lg.range[1].toPrecision(4)));
    box.append(bar, ends);
    return box;
  }
  for (const e of lg.entries) {
    const row = el("div");
    const sw = el("span", { class: "ee-swatch" });
    sw.style.background = e.colour;
    row.title = e.name;
    row.append(sw, el("span", {}, `${shortened(e.name, 60)} (${e.count.toLocaleString()})`));
    box.append(row);
  }
  return box;
}

function drawStatus(st) {
  const d = st.data, parts = [`${st.points.n.toLocaleString()} points`];
  if (d.match_count) parts.push(`${d.match_count.toLocaleString()} match${d.match_count > 1 ? "es" : ""} ringed in orange${d.match_count > d.matches.length ? ` (first ${d.matches.length.toLocaleString()})` : ""}`);
  if (d.meaning.length) parts.push("nearest by meaning ringed in orange");
  if (d.neighbours.length) parts.push("neighbours ringed in red");
  if (st.lassoed && st.lassoed.length) parts.push(`${st.lassoed.length.toLocaleString()} selected`);
  st.dom.status.textContent = parts.join(" · ");
}

// ---- lasso -------------------------------------------------------------------------------------
function inside(x, y, poly) {
  let hit = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i], [xj, yj] = poly[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

function lassoed(st, screen) {
  const viewport = st.deck.getViewports()[0];
  const c = st.points.coords, n = st.points.n, out = [];
  if (st.points.dims === 2) {  // the polygon goes to map units once; points stay as they are
    const poly = screen.map((p) => viewport.unproject(p));
    const xs = poly.map((p) => p[0]), ys = poly.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    for (let i = 0; i < n; i++) {
      const x = c[2 * i], y = c[2 * i + 1];
      if (x >= x0 && x <= x1 && y >= y0 && y <= y1 && inside(x, y, poly)) out.push(i);
    }
    return out;
  }
  const project = projector(viewport);
  for (let i = 0; i < n; i++) {
    const [x, y] = project(c[3 * i], c[3 * i + 1], c[3 * i + 2]);
    if (inside(x, y, screen)) out.push(i);
  }
  return out;
}

function startLasso(st, event) {
  const box = st.dom.map.getBoundingClientRect();
  const pts = [[event.clientX - box.left, event.clientY - box.top]];
  const svg = st.dom.svg;
  svg.classList.add("on");
  const move = (e) => {
    pts.push([e.clientX - box.left, e.clientY - box.top]);
    st.dom.path.setAttribute("d", `M${pts.map((p) => p.join(",")).join("L")}Z`);
  };
  const up = () => {
    window.removeEventListener("pointermove", move, true);
    window.removeEventListener("pointerup", up, true);
    st.dom.path.setAttribute("d", "");
    setLassoMode(st, false);
    if (pts.length < 3) return;
    st.lassoed = lassoed(st, pts);
    redraw(st);
    drawStatus(st);
    st.send("select", st.lassoed);
  };
  window.addEventListener("pointermove", move, true);
  window.addEventListener("pointerup", up, true);
}

function setLassoMode(st, on) {
  st.lassoMode = on;
  st.dom.svg.classList.toggle("on", on);
  st.dom.buttons.lasso.setAttribute("aria-pressed", String(on));
}

// The map fills the window below its top (at least 400 px), measured, not guessed.
function fitHeight(st) {
  const top = st.dom.root.getBoundingClientRect().top + window.scrollY;
  const h = Math.max(400, Math.round(window.innerHeight - top - 12));
  if (st.dom.root.style.height !== `${h}px`) st.dom.root.style.height = `${h}px`;
}

function wire(st) {
  const { buttons, map, svg, root } = st.dom;
  window.addEventListener("resize", () => fitHeight(st));
  buttons.reset.addEventListener("click", () => resetView(st));
  buttons.lasso.addEventListener("click", () => setLassoMode(st, !st.lassoMode));
  buttons.png.addEventListener("click", () => savePng(st));
  buttons.full.addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else root.requestFullscreen?.();
  });
  document.addEventListener("fullscreenchange", () => {
    buttons.full.textContent = root.matches(":fullscreen") ? "Exit full screen" : "Full screen";
  });
  svg.addEventListener("pointerdown", (e) => { e.preventDefault(); startLasso(st, e); });
  map.addEventListener("pointerdown", (e) => {
    if (e.shiftKey && e.target !== svg && !e.target.closest?.("button")) {
      e.preventDefault();
      e.stopPropagation();
      startLasso(st, e);
    }
  }, true);
}

// ---- picture -----------------------------------------------------------------------------------
// The PNG is the two canvases as drawn (points, then rings, the pick and labels) on the map's
// background, at the canvas's own resolution; a camera move not yet drawn is drawn first.
function savePng(st) {
  if (!st.deck || !st.overlay) return;
  st.deck.redraw();
  st.overlay.redraw();
  const base = st.deck.getCanvas(), over = st.overlay.getCanvas();
  const out = document.createElement("canvas");
  out.width = base.width;
  out.height = base.height;
  const g = out.getContext("2d");
  g.fillStyle = getComputedStyle(st.dom.map).backgroundColor || "#fcfcfd";
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(base, 0, 0, out.width, out.height);
  if (over) g.drawImage(over, 0, 0, out.width, out.height);
  out.toBlob((png) => {
    if (!png) return;
    const a = el("a", { href: URL.createObjectURL(png), download: "map.png" });
    st.dom.root.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
  }, "image/png");
}

// ---- entry -------------------------------------------------------------------------------------
export async function render(component) {
  const { data, parentElement, setTriggerValue } = component;
  let st = states.get(parentElement);
  if (!st) {
    st = { dom: buildDom(parentElement), lassoed: [] };
    states.set(parentElement, st);
    wire(st);
    wirePicking(st);
    fitHeight(st);
  }
  st.send = (name, value) => setTriggerValue(name, value);
  st.data = data;
  st.arrivedAt = performance.now();  // for benchmarks: when Python's answer reached the page
  try {
    const [deck, points, colours] = await Promise.all([loadDeck(data.deck), blob(data.points), blob(data.colours)]);
    if (st.data !== data) return;  // a newer call has taken over
    const newPoints = st.points && st.points.id !== points.id;
    st.points = points;
    st.colours = colours;
    st.legendKind = data.legend ? data.legend.kind : null;
    if (!data.selection || newPoints) st.lassoed = [];
    if (!st.deck || st.deckDims !== points.dims) {
      if (st.deck) { st.deck.finalize(); st.overlay.finalize(); }
      makeDeck(deck, st);
    } else if (newPoints) {
      resetView(st);
    }
    st.pending = null;
    store.current = st;
    requestAnimationFrame(() => fitHeight(st));
    redraw(st);
    drawPanel(st);
    drawStatus(st);
  } catch (err) {
    st.dom.status.textContent = `The map could not be drawn: ${err.message}`;
    throw err;
  }
}
