// Where points are, and where the camera starts: the map's plain arithmetic (no DOM, no deck.gl).

export const OFF_SCREEN = [1e7, 1e7, 0];  // where warm-up layers draw (layers.js)

// The camera that shows every point (the blob's min and max) in a map of width × height pixels.
export function fitView(points, dims, width, height) {
  const lo = points.min, hi = points.max;
  const centre = [0, 1, 2].map((i) => (i < dims ? (lo[i] + hi[i]) / 2 : 0));
  const span = Math.max(hi[0] - lo[0], hi[1] - lo[1], dims === 3 ? hi[2] - lo[2] : 0, 1e-6);
  const scale = (0.88 * Math.max(Math.min(width, height), 100)) / span;
  const zoom = Math.log2(scale);
  if (dims === 3) return { target: centre, zoom, rotationX: 25, rotationOrbit: 30, minZoom: zoom - 4, maxZoom: zoom + 12 };
  return { target: centre, zoom, minZoom: zoom - 4, maxZoom: zoom + 16 };
}

// Point i of the points blob as [x, y, z] (z = 0 on a 2D map).
export function position(mapState, i) {
  const c = mapState.points.coords, d = mapState.points.dims;
  return d === 3 ? [c[3 * i], c[3 * i + 1], c[3 * i + 2]] : [c[2 * i], c[2 * i + 1], 0];
}

// A dot's radius in pixels: smaller as the map holds more points.
export function radius(n) {
  return n > 300000 ? 1.5 : n > 50000 ? 2 : n > 5000 ? 3 : n > 500 ? 4 : 6;
}

// World → screen pixels for a deck.gl viewport (picking and the lasso, on the CPU).
export function projector(viewport) {
  const m = viewport.pixelProjectionMatrix;
  return (x, y, z) => {
    const w = m[3] * x + m[7] * y + m[11] * z + m[15];
    return [(m[0] * x + m[4] * y + m[8] * z + m[12]) / w, (m[1] * x + m[5] * y + m[9] * z + m[13]) / w];
  };
}
