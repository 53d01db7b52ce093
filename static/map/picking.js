// Hover and click: which dot is under the cursor, its tooltip, and the pick a click sends.

const v = new URL(import.meta.url).search;  // this copy's ?v=: siblings at the same version (map.js)
const [{ radius, projector }, { redraw }, { shortened }] = await Promise.all([
  import(`./geometry.js${v}`),
  import(`./layers.js${v}`),
  import(`./dom.js${v}`),
]);

// Picking on the CPU, from the coordinates this page already holds: one pass over the points
// (a few ms at a million) instead of deck.gl's GPU picking, which reads pixels back from the GPU
// on every hover and took seconds per pick in software WebGL.
function pointAt(mapState, px, py) {
  let viewport = null;
  try { viewport = mapState.deck.getViewports()[0]; } catch { return null; }
  if (!viewport) return null;
  const c = mapState.points.coords, n = mapState.points.n, d = mapState.points.dims;
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

function showTooltip(mapState, row, px, py) {
  const tip = mapState.dom.tooltip;
  if (row === null) { tip.style.display = "none"; return; }
  let text = mapState.points.label(row);
  if (mapState.colours.names && mapState.legendKind === "categorical") text += `\n${shortened(mapState.colours.names[mapState.colours.codes[row]], 60)}`;
  tip.textContent = text;
  tip.style.display = "block";
  // Inside the map: left of the cursor near the right edge, above it near the bottom.
  tip.style.left = `${Math.max(4, Math.min(px + 12, mapState.dom.map.clientWidth - tip.offsetWidth - 4))}px`;
  const below = py + 14, above = py - 10 - tip.offsetHeight;
  tip.style.top = `${below + tip.offsetHeight > mapState.dom.map.clientHeight - 4 && above >= 4 ? above : below}px`;
}

export function wirePicking(mapState) {
  const host = mapState.dom.canvasHost;
  let down = null, pendingMove = null;
  const local = (e) => { const b = mapState.dom.map.getBoundingClientRect(); return [e.clientX - b.left, e.clientY - b.top]; };
  host.addEventListener("pointerdown", (e) => { down = local(e); });
  host.addEventListener("pointermove", (e) => {
    if (e.buttons) { showTooltip(mapState, null); return; }
    const at = local(e);
    if (pendingMove) { pendingMove = at; return; }
    pendingMove = at;
    requestAnimationFrame(() => {
      const [x, y] = pendingMove;
      pendingMove = null;
      if (!mapState.points) return;
      mapState.hovered = pointAt(mapState, x, y);
      showTooltip(mapState, mapState.hovered, x, y);
    });
  });
  host.addEventListener("pointerleave", () => { mapState.hovered = null; showTooltip(mapState, null); });
  host.addEventListener("click", (e) => {
    const [x, y] = local(e);
    if (!mapState.points || (down && Math.hypot(x - down[0], y - down[1]) > 4)) return;  // a drag
    const row = pointAt(mapState, x, y);
    if (row !== null) pick(mapState, row);
  });
}

export function pick(mapState, row) {
  mapState.clickedAt = performance.now();
  mapState.clickedRow = row;
  mapState.pending = row;  // the picked dot is marked at once; its neighbours follow from Python
  redraw(mapState);
  mapState.send("click", row);
}
