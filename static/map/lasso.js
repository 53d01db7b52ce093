// The lasso: a polygon drawn over the map selects the dots inside it and sends their row ids.

const v = new URL(import.meta.url).search;  // this copy's ?v=: siblings at the same version (map.js)
const [{ projector }, { redraw }, { drawStatus }] = await Promise.all([
  import(`./geometry.js${v}`),
  import(`./layers.js${v}`),
  import(`./panel.js${v}`),
]);

function inside(x, y, poly) {
  let hit = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i], [xj, yj] = poly[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

function lassoed(mapState, screen) {
  const viewport = mapState.deck.getViewports()[0];
  const c = mapState.points.coords, n = mapState.points.n, out = [];
  if (mapState.points.dims === 2) {  // the polygon goes to map units once; points stay as they are
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

export function startLasso(mapState, event) {
  const box = mapState.dom.map.getBoundingClientRect();
  const pts = [[event.clientX - box.left, event.clientY - box.top]];
  const svg = mapState.dom.svg;
  svg.classList.add("on");
  const move = (e) => {
    pts.push([e.clientX - box.left, e.clientY - box.top]);
    mapState.dom.path.setAttribute("d", `M${pts.map((p) => p.join(",")).join("L")}Z`);
  };
  const up = () => {
    window.removeEventListener("pointermove", move, true);
    window.removeEventListener("pointerup", up, true);
    mapState.dom.path.setAttribute("d", "");
    setLassoMode(mapState, false);
    if (pts.length < 3) return;
    mapState.lassoed = lassoed(mapState, pts);
    redraw(mapState);
    drawStatus(mapState);
    mapState.send("select", mapState.lassoed);
  };
  window.addEventListener("pointermove", move, true);
  window.addEventListener("pointerup", up, true);
}

export function setLassoMode(mapState, on) {
  mapState.lassoMode = on;
  mapState.dom.svg.classList.toggle("on", on);
  mapState.dom.buttons.lasso.setAttribute("aria-pressed", String(on));
}
