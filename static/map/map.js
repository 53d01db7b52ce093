// Embedding Explorer's map, the entry of static/map/: deck.gl draws the points; these modules keep
// the camera, ring the neighbours Python sends, show hover labels, the neighbour list and the
// legend, and send back clicks (a row id) and lasso selections (row ids). render() is called again
// on every data change with the same parent element: everything here is idempotent. User text is
// only ever set as textContent.
//
// How the page gets here (components/map/element.py): each Streamlit element's own code only
// imports a module of this folder and calls it: the view element render(), the preload element
// preload(), the two data elements blobs.js receive(). What they carry: contract.js. The one
// global: store.js.
//
// Versions: element.py hashes every static/map/*.js file together and puts that hash on the URLs
// it gives the page (map.js?v=<hash>, blobs.js?v=<hash>). Each module imports its siblings with
// its own ?v= (import.meta.url's query), so a change to any file gives every file a new URL: the
// browser never runs a cached copy of one file beside a newer copy of another.

/** @typedef {import("./contract.js").ViewData} ViewData */
/** @typedef {import("./store.js").MapState} MapState */

const v = new URL(import.meta.url).search;
const [
  { store }, { loadDeck }, { blob }, { buildDom, fitHeight }, { makeDeck, resetView, redraw, zoomToBox },
  { wirePicking }, { drawPanel, drawStatus }, { startLasso, setLassoMode }, { savePng },
] = await Promise.all([
  "store.js", "deck_loader.js", "blobs.js", "dom.js", "layers.js", "picking.js", "panel.js",
  "lasso.js", "png.js",
].map((file) => import(`./${file}${v}`)));
const states = store.states;

function wire(mapState) {
  const { buttons, map, svg, root } = mapState.dom;
  window.addEventListener("resize", () => fitHeight(mapState));
  buttons.reset.addEventListener("click", () => resetView(mapState));
  buttons.lasso.addEventListener("click", () => setLassoMode(mapState, !mapState.lassoMode));
  buttons.png.addEventListener("click", () => savePng(mapState));
  buttons.full.addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else root.requestFullscreen?.();
  });
  document.addEventListener("fullscreenchange", () => {
    buttons.full.textContent = root.matches(":fullscreen") ? "Exit full screen" : "Full screen";
  });
  svg.addEventListener("pointerdown", (e) => { e.preventDefault(); startLasso(mapState, e); });
  map.addEventListener("pointerdown", (e) => {
    if (e.shiftKey && e.target !== svg && !e.target.closest?.("button")) {
      e.preventDefault();
      e.stopPropagation();
      startLasso(mapState, e);
    }
  }, true);
}

/**
 * The preload element (element.py preload(), mounted first): deck.gl starts loading now, while
 * Python encodes and projects; importing this module has already fetched the rest.
 * @param {{module: string, deck: string}} data
 */
export function preload(data) {
  loadDeck(data.deck);
}

/**
 * The view element: draws (or redraws) the map for its JSON.
 * @param {{data: ViewData, parentElement: HTMLElement,
 *   setTriggerValue: (name: string, value: unknown) => void}} component  Streamlit's CCv2 argument
 */
export async function render(component) {
  const { data, parentElement, setTriggerValue } = component;
  let mapState = states.get(parentElement);
  if (!mapState) {
    mapState = { dom: buildDom(parentElement), lassoed: [] };
    states.set(parentElement, mapState);
    wire(mapState);
    wirePicking(mapState);
    fitHeight(mapState);
  }
  mapState.send = (name, value) => setTriggerValue(name, value);
  mapState.data = data;
  mapState.arrivedAt = performance.now();  // for benchmarks: when Python's answer reached the page
  try {
    const [deck, points, colours] = await Promise.all([loadDeck(data.deck), blob(data.points), blob(data.colours)]);
    if (mapState.data !== data) return;  // a newer call has taken over
    const newPoints = mapState.points && mapState.points.id !== points.id;
    mapState.points = points;
    mapState.colours = colours;
    mapState.legendKind = data.legend ? data.legend.kind : null;
    if (!data.selection || newPoints) mapState.lassoed = [];
    else if (data.selection_rows.length) mapState.lassoed = data.selection_rows;  // a cluster picked
    if (!mapState.deck || mapState.deckDims !== points.dims) {
      if (mapState.deck) { mapState.deck.finalize(); mapState.overlay.finalize(); }
      makeDeck(deck, mapState);
    } else if (newPoints) {
      resetView(mapState);
    }
    mapState.pending = null;
    const zoom = data.zoom_to;  // "Zoom to it" in the clusters panel: once per press
    if (zoom && mapState.zoomedNonce !== undefined && zoom.nonce !== mapState.zoomedNonce) {
      zoomToBox(mapState, zoom.low, zoom.high);
    }
    mapState.zoomedNonce = zoom ? zoom.nonce : null;
    store.current = mapState;
    requestAnimationFrame(() => fitHeight(mapState));
    redraw(mapState);
    drawPanel(mapState);
    drawStatus(mapState);
  } catch (err) {
    mapState.dom.status.textContent = `The map could not be drawn: ${err.message}`;
    throw err;
  }
}
