// The map's one global, globalThis.__eeMap, created here and nowhere else: every module and every
// element of the map reaches it by importing this file. Kept on globalThis (not only in this
// module) so tests and benchmarks can read what is drawn (__eeMap.current), and so a page that
// gets a newer version of these files (new ?v=, see map.js) keeps its elements' states and blobs.

/**
 * @typedef {import("./contract.js").PointsBlob} PointsBlob
 * @typedef {import("./contract.js").ColoursBlob} ColoursBlob
 * @typedef {import("./contract.js").ViewData} ViewData
 */

/**
 * One view element's state (store.states, keyed by its parent element; map.js creates it).
 * @typedef {object} MapState
 * @property {ReturnType<typeof import("./dom.js").buildDom>} dom  its DOM (dom.js)
 * @property {(name: string, value: unknown) => void} send  sends "click" (a row) or "select" (rows)
 * @property {ViewData} data  the view JSON of the latest call
 * @property {number} arrivedAt  when that JSON reached the page (performance.now(); benchmarks)
 * @property {PointsBlob} points  the points drawn
 * @property {ColoursBlob} colours  their colours
 * @property {"numeric" | "categorical" | null} legendKind  data.legend's kind
 * @property {object} deck  the deck.gl Deck drawing the points (and taking the camera controls)
 * @property {object} overlay  the Deck above it: rings, the pick, labels
 * @property {2 | 3} deckDims  the dims the two decks were made for
 * @property {object} viewState  the camera now
 * @property {string | null} baseKey  "points id/colours id" the points layer was given
 * @property {string} [baseShown]  that key once its frame is on screen
 * @property {number} [baseShownAt]  when (tests wait for it)
 * @property {string} [pointsLayerKey]  the key pointsData was built for
 * @property {object} [pointsData]  the points layer's binary attributes (reused while the key holds)
 * @property {boolean} overlayWarm  whether the overlay has drawn once (its shaders compiled)
 * @property {boolean} [needLabels]  labels wait for the overlay's first layout
 * @property {Map<string, number>} [labelWidths]  measured label widths, by "points id/row"
 * @property {number} [labelsShown]  how many labels the last overlay drew
 * @property {number | null} [relabel]  the animation frame a relabel waits for
 * @property {{selected: number | null, rings: number, at: number, rendered?: number}} [drawnFor]
 *   what the last redraw was for and when it reached the screen (tests and benchmarks)
 * @property {number | null} [pending]  the row just clicked, marked before Python answers
 * @property {number | null} [hovered]  the row under the cursor
 * @property {number} [clickedAt]  when the last click was (benchmarks)
 * @property {number} [clickedRow]  its row (benchmarks)
 * @property {number[]} lassoed  the rows the lasso selected
 * @property {boolean} [lassoMode]  whether the Lasso button is pressed
 */

/**
 * @typedef {object} MapStore
 * @property {Map<string, PointsBlob | ColoursBlob>} blobs  decoded blobs by content id, the last 8
 * @property {Map<string, Array<(blob: PointsBlob | ColoursBlob) => void>>} waiters
 *   views waiting for a blob that has not arrived yet (blobs.js)
 * @property {Promise<object> | null} deck  deck.gl on its way (deck_loader.js)
 * @property {WeakMap<HTMLElement, MapState>} states  each view element's state
 * @property {MapState | null} current  the state drawn last (for tests and benchmarks)
 */

/** @type {MapStore} */
export const store = (globalThis.__eeMap ??= {
  blobs: new Map(), waiters: new Map(), deck: null, states: new WeakMap(), current: null,
});
