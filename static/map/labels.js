// The text labels drawn on the map (deck.gl TextLayer), placed where they do not overlap.

const v = new URL(import.meta.url).search;  // this copy's ?v=: siblings at the same version (map.js)
const [{ position, OFF_SCREEN }, { shortened }] = await Promise.all([
  import(`./geometry.js${v}`),
  import(`./dom.js${v}`),
]);

// Labels that fit: the picked item and its neighbours first, then the rest (small sets), each
// kept only where it does not cover one already placed; placed again whenever the camera moves.
const measure = document.createElement("canvas").getContext("2d");
measure.font = "500 12px Helvetica, Arial, sans-serif";

function labelCandidates(mapState, picked) {
  const important = [picked, ...mapState.data.neighbours.map((x) => x.id), ...mapState.data.meaning.map((x) => x.id)]
    .filter((i) => i !== null && i !== undefined);
  const rest = [];
  if (mapState.data.labels) for (let i = 0; i < mapState.points.n; i++) rest.push(i);
  const seen = new Set();
  return [...important.map((i) => [i, 1]), ...rest.map((i) => [i, 0])].filter(([i]) => !seen.has(i) && seen.add(i));
}

function placeLabels(mapState, picked, taken) {
  let viewport = null;
  try { viewport = mapState.overlay.getViewports()[0]; } catch { /* not laid out yet */ }
  if (!viewport) { mapState.needLabels = true; return []; }
  mapState.labelWidths ??= new Map();
  const placed = [], boxes = [...taken];
  for (const [i, priority] of labelCandidates(mapState, picked)) {
    const text = shortened(mapState.points.label(i), 32);
    const key = `${mapState.points.id}/${i}`;
    if (!mapState.labelWidths.has(key)) mapState.labelWidths.set(key, measure.measureText(text).width);
    const w = mapState.labelWidths.get(key) + 4;
    const [x, y] = viewport.project(position(mapState, i));
    if (x < -w || y < -20 || x > viewport.width + w || y > viewport.height + 20) continue;
    const box = [x - w / 2, y - 25, x + w / 2, y - 10];
    if (boxes.some((b) => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3])) continue;
    boxes.push(box);
    placed.push({ id: i, text, priority });
  }
  return placed;
}

export function textLayer(deck, mapState, picked, taken = []) {
  const data = placeLabels(mapState, picked, taken);
  const warm = !mapState.overlayWarm && !data.length;
  if (warm) data.push({ id: -1, text: "warm-up", priority: 0 });
  mapState.labelsShown = data.length;
  return new deck.TextLayer({
    id: "labels", data, characterSet: "auto", getText: (x) => x.text,
    getPosition: (x) => (x.id < 0 ? OFF_SCREEN : position(mapState, x.id)), getSize: 12, sizeUnits: "pixels", billboard: true, getPixelOffset: [0, -17],
    getColor: (x) => (x.priority ? [20, 20, 20, 255] : [60, 66, 72, 235]),
    fontFamily: "Helvetica, Arial, sans-serif", fontWeight: 500,
    outlineWidth: 3, outlineColor: [255, 255, 255, 230], fontSettings: { sdf: true },
  });
}
