// What deck.gl draws: two decks sharing one camera (the points below, the overlay of rings, the
// pick and the labels above), and when each is redrawn.

const v = new URL(import.meta.url).search;  // this copy's ?v=: siblings at the same version (map.js)
const [{ store }, { fitView, position, radius, OFF_SCREEN }, { textLayer }, { placeNames, namesLayer }] = await Promise.all([
  import(`./store.js${v}`),
  import(`./geometry.js${v}`),
  import(`./labels.js${v}`),
  import(`./cluster_names.js${v}`),
]);

const NEIGHBOUR = [201, 42, 42];
const MATCH = [232, 89, 12];
const PICKED = [33, 37, 41];
const LASSOED = [76, 110, 245];
const FILTERED_OUT = [206, 212, 218, 90];  // rows outside the filter: still there, in pale grey

// The colours' RGBA with the rows outside the filter greyed (a copy, made once per filter).
function filteredRgba(mapState) {
  const f = mapState.data.filter, rgba = mapState.colours.rgba;
  if (!f || !f.bits) return rgba;
  const bits = Uint8Array.from(atob(f.bits), (c) => c.charCodeAt(0));
  const out = rgba.slice();
  for (let i = 0, n = mapState.points.n; i < n; i++) {
    if (!((bits[i >> 3] >> (i & 7)) & 1)) out.set(FILTERED_OUT, 4 * i);
  }
  return out;
}

function baseKey(mapState) {
  const f = mapState.data.filter;
  return `${mapState.points.id}/${mapState.colours.id}/${f && f.id ? f.id : "all"}`;
}

// Two decks share one camera: the points (redrawn only when the camera moves or the data
// changes) and, on top, the overlay (rings, the pick, labels), the only one a click redraws.
// With software WebGL a frame of 100,000 points takes seconds; a frame of the overlay, a few ms.
export function makeDeck(deck, mapState) {
  const dims = mapState.points.dims;
  const view = () => (dims === 3
    ? new deck.OrbitView({ id: "map", orbitAxis: "Y" })
    : new deck.OrthographicView({ id: "map", flipY: false }));
  const { clientWidth: w, clientHeight: h } = mapState.dom.map;
  mapState.viewState = fitView(mapState.points, dims, w, h);
  mapState.fitZoom = mapState.viewState.zoom;  // cluster names: levels change by zoom gained
  mapState.dom.baseHost.replaceChildren();
  mapState.dom.overlayHost.replaceChildren();
  // Both canvases keep their last frame (luma.gl's default, said here so the PNG can rely on it).
  const deviceProps = { webgl: { preserveDrawingBuffer: true } };
  mapState.overlay = new deck.Deck({
    parent: mapState.dom.overlayHost, deviceProps, views: view(), viewState: mapState.viewState, controller: false,
    onAfterRender: () => afterRender(mapState), layers: [],
  });
  mapState.deck = new deck.Deck({
    parent: mapState.dom.baseHost, deviceProps,
    views: view(),
    initialViewState: mapState.viewState,
    controller: { doubleClickZoom: false, inertia: false },
    onViewStateChange: ({ viewState }) => {
      mapState.viewState = viewState;
      mapState.overlay.setProps({ viewState });
      relabelSoon(mapState);
    },
    onAfterRender: () => baseRendered(mapState),
    getCursor: ({ isDragging }) => (isDragging ? "grabbing" : mapState.hovered != null ? "pointer" : "grab"),
    layers: [],
  });
  mapState.deckDims = dims;
  mapState.baseKey = null;
  mapState.overlayWarm = false;
}

export function resetView(mapState) {
  const { clientWidth: w, clientHeight: h } = mapState.dom.map;
  const smooth = mapState.points.n <= 20000 ? 250 : 0;  // each frame of a big map is slow without a GPU
  mapState.viewState = { ...fitView(mapState.points, mapState.points.dims, w, h), transitionDuration: smooth };
  mapState.fitZoom = mapState.viewState.zoom;
  mapState.deck.setProps({ initialViewState: mapState.viewState });
}

// The camera on a box of the map (a cluster's members, asked for by "Zoom to it"), keeping a
// 3D view's rotation; the only other time the camera moves without the user's own hand.
export function zoomToBox(mapState, low, high) {
  const { clientWidth: w, clientHeight: h } = mapState.dom.map;
  const fitted = fitView({ min: low, max: high }, mapState.points.dims, w, h);
  const keep = mapState.points.dims === 3
    ? { rotationX: mapState.viewState.rotationX, rotationOrbit: mapState.viewState.rotationOrbit } : {};
  const limits = { minZoom: mapState.viewState.minZoom, maxZoom: mapState.viewState.maxZoom };
  mapState.viewState = { ...fitted, ...keep, ...limits, zoom: fitted.zoom - 0.3, transitionDuration: 300 };
  mapState.deck.setProps({ initialViewState: mapState.viewState });
}

function pointsLayer(deck, mapState) {
  const key = baseKey(mapState);
  if (mapState.pointsLayerKey !== key) {  // the same data object afterwards: no attribute is rebuilt
    mapState.pointsData = {
      length: mapState.points.n,
      attributes: {
        getPosition: { value: mapState.points.coords, size: mapState.points.dims },
        getFillColor: { value: filteredRgba(mapState), size: 4, normalized: true },
      },
    };
    mapState.pointsLayerKey = key;
  }
  return new deck.ScatterplotLayer({
    id: `points-${key}`, data: mapState.pointsData, pickable: false, radiusUnits: "pixels",
    getRadius: 1, radiusScale: radius(mapState.points.n), stroked: false,
  });
}

function rings(mapState) {
  const d = mapState.data, out = [];
  const lassoed = mapState.lassoed || [];
  for (const id of lassoed.slice(0, 20000)) out.push({ id, colour: LASSOED, r: 2, w: 1.5 });
  for (const id of d.matches) out.push({ id, colour: MATCH, r: 4, w: 2 });
  for (const x of d.meaning) out.push({ id: x.id, colour: MATCH, r: 5, w: 2.5 });
  for (const x of d.neighbours) out.push({ id: x.id, colour: NEIGHBOUR, r: 5, w: 2.5 });
  return out;
}

function overlayLayers(deck, mapState, ringData) {
  const r = radius(mapState.points.n);
  const picked = mapState.pending ?? mapState.data.selected;
  const layers = [
    new deck.ScatterplotLayer({
      id: "rings", data: ringData, pickable: false, filled: false, stroked: true,
      radiusUnits: "pixels", lineWidthUnits: "pixels",
      getPosition: (x) => position(mapState, x.id), getRadius: (x) => r + x.r,
      getLineColor: (x) => x.colour, getLineWidth: (x) => x.w,
    }),
  ];
  // Always present (empty when nothing is picked), so its shaders are ready before a click.
  const hasPick = picked !== null && picked !== undefined;
  // Until the overlay has drawn once, the pick and label layers draw a dot and a label far off
  // screen: shaders are compiled on a layer's first draw (most of a second in software WebGL),
  // and that should not fall on the user's first click.
  const warm = !mapState.overlayWarm;
  layers.push(new deck.ScatterplotLayer({
    id: "picked", data: hasPick ? [picked] : warm ? [-1] : [], pickable: false, radiusUnits: "pixels",
    lineWidthUnits: "pixels", stroked: true, filled: false,
    getPosition: (i) => (i < 0 ? OFF_SCREEN : position(mapState, i)),
    getRadius: r + 5, getLineColor: PICKED, getLineWidth: 3.5,
  }));
  let viewport = null;
  try { viewport = mapState.overlay.getViewports()[0]; } catch { /* not laid out yet */ }
  const names = placeNames(mapState, viewport);
  layers.push(namesLayer(deck, names.placed, warm));
  layers.push(textLayer(deck, mapState, picked, names.boxes));
  return layers;
}

function relabelSoon(mapState) {
  if (mapState.relabel) return;
  mapState.relabel = requestAnimationFrame(() => {
    mapState.relabel = null;
    if (mapState.points && mapState.data) redraw(mapState, { keepTiming: true });
  });
}

export function redraw(mapState, { keepTiming = false } = {}) {
  const deck = globalThis.deck;
  const ringData = rings(mapState);
  if (!keepTiming) mapState.drawnFor = { selected: mapState.data.selected, rings: ringData.length, at: performance.now() };
  const key = baseKey(mapState);
  if (mapState.baseKey !== key) {  // the points change only with the data (or the filter)
    mapState.deck.setProps({ layers: [pointsLayer(deck, mapState)] });
    mapState.baseKey = key;
  }
  mapState.overlay.setProps({ layers: overlayLayers(deck, mapState, ringData) });
}

// When the points' frame is on screen: two animation frames after deck.gl drew it (without a GPU
// the browser rasterises a million points for many seconds before the next frame comes).
function baseRendered(mapState) {
  const key = mapState.baseKey;
  requestAnimationFrame(() => requestAnimationFrame(() => {
    if (mapState.baseKey === key && mapState.baseShown !== key) { mapState.baseShown = key; mapState.baseShownAt = performance.now(); }
  }));
}

function afterRender(mapState) {
  if (!mapState.overlayWarm) { mapState.overlayWarm = true; relabelSoon(mapState); }
  if (mapState.needLabels) { mapState.needLabels = false; relabelSoon(mapState); }
  if (mapState.drawnFor && !mapState.drawnFor.rendered) {
    mapState.drawnFor.rendered = performance.now();
    store.current = mapState;  // for tests and benchmarks: what is drawn, and when
  }
}
