// Cluster names on the map (deck.gl TextLayer): the coarse level at the full view, finer names as
// the user zooms in, larger for larger clusters, never overlapping (the largest placed first).
// They come with the view JSON (ViewData.clusters), so a zoom sends nothing to Python.

const v = new URL(import.meta.url).search;  // this copy's ?v=: siblings at the same version (map.js)
const [{ OFF_SCREEN }] = await Promise.all([import(`./geometry.js${v}`)]);

/** @typedef {import("./contract.js").ClusterName} ClusterName */

const measure = document.createElement("canvas").getContext("2d");
const STEP = 1.2;  // zoom steps (×2.3 each) from one level to the next finer one

// The names' font size in pixels: 13 for the smallest cluster, up to 22 for the largest.
export function nameSize(size, largest) {
  return Math.round(13 + 9 * Math.sqrt(size / Math.max(largest, 1)));
}

// Which level the camera shows: 0 (coarse) at the full view, then one finer per STEP of zoom.
export function levelAt(mapState) {
  const levels = mapState.data.clusters?.levels || [];
  if (!levels.length) return -1;
  const gained = (mapState.viewState?.zoom ?? 0) - (mapState.fitZoom ?? 0);
  return Math.max(0, Math.min(levels.length - 1, Math.floor(gained / STEP + 0.25)));
}

// The names that fit on screen at this level, largest first, each where it covers no name placed
// before it; their screen boxes, so item labels keep clear of them.
export function placeNames(mapState, viewport) {
  const level = levelAt(mapState);
  if (level < 0 || !viewport) return { placed: [], boxes: [], level };
  const names = mapState.data.clusters.levels[level];
  const largest = Math.max(...names.map((x) => x.size), 1);
  const order = [...names].sort((a, b) => b.size - a.size);
  const placed = [], boxes = [];
  for (const c of order) {
    const px = nameSize(c.size, largest);
    measure.font = `700 ${px}px Helvetica, Arial, sans-serif`;
    const w = measure.measureText(c.name).width + 8, h = px + 6;
    const [x, y] = viewport.project(c.at.length === 3 ? c.at : [c.at[0], c.at[1], 0]);
    if (x < 0 || y < 0 || x > viewport.width || y > viewport.height) continue;
    const box = [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
    if (boxes.some((b) => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3])) continue;
    boxes.push(box);
    placed.push({ ...c, px, box });
  }
  mapState.namesShown = { level, names: placed.map((c) => ({ name: c.name, box: c.box })) };
  return { placed, boxes, level };
}

export function namesLayer(deck, placed, warm) {
  const data = placed.length || !warm ? placed : [{ name: "warm-up", at: OFF_SCREEN, px: 14 }];
  return new deck.TextLayer({
    id: "cluster-names", data, characterSet: "auto", getText: (c) => c.name,
    getPosition: (c) => (c.at.length === 3 ? c.at : [c.at[0], c.at[1], 0]),
    getSize: (c) => c.px, sizeUnits: "pixels", billboard: true,
    getColor: [33, 37, 41, 255], fontFamily: "Helvetica, Arial, sans-serif", fontWeight: 700,
    outlineWidth: 4, outlineColor: [255, 255, 255, 235], fontSettings: { sdf: true },
    updateTriggers: { getSize: placed.map((c) => c.px).join(",") },
  });
}
