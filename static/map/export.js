// The standalone map (Embedding Explorer's "Download the map (HTML)"): deck.gl, vendored and
// inlined in the same file, draws the points from window.EE_DATA; scroll zooms, drag pans (3D:
// rotates), hover names a point. Needs no server and no network.
(function () {
  const data = window.EE_DATA;
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const coords = new Float32Array(bytes(data.coords).buffer);
  const rgba = bytes(data.rgba);
  const dims = data.dims, n = data.n;
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dims; d++) {
      const v = coords[dims * i + d];
      if (v < lo[d]) lo[d] = v;
      if (v > hi[d]) hi[d] = v;
    }
  }
  const host = document.getElementById("map");
  const span = Math.max(hi[0] - lo[0], hi[1] - lo[1], dims === 3 ? hi[2] - lo[2] : 0, 1e-6);
  const zoom = Math.log2((0.88 * Math.min(host.clientWidth, host.clientHeight)) / span);
  const target = [0, 1, 2].map((d) => (d < dims ? (lo[d] + hi[d]) / 2 : 0));
  const view = dims === 3
    ? new deck.OrbitView({ id: "map", orbitAxis: "Y" })
    : new deck.OrthographicView({ id: "map", flipY: false });
  const radius = n > 300000 ? 1.5 : n > 50000 ? 2 : n > 5000 ? 3 : n > 500 ? 4 : 6;
  window.__eeExport = { n, rendered: false };
  window.__eeExport.deck = new deck.Deck({
    parent: host,
    views: view,
    initialViewState: dims === 3
      ? { target, zoom, rotationX: 25, rotationOrbit: 30, minZoom: zoom - 4, maxZoom: zoom + 12 }
      : { target, zoom, minZoom: zoom - 4, maxZoom: zoom + 16 },
    controller: { doubleClickZoom: false, inertia: false },
    getTooltip: ({ index }) => (index >= 0 ? { text: data.labels[index] } : null),
    onAfterRender: () => { window.__eeExport.rendered = true; },
    layers: [new deck.ScatterplotLayer({
      id: "points",
      data: { length: n, attributes: {
        getPosition: { value: coords, size: dims },
        getFillColor: { value: rgba, size: 4, normalized: true },
      } },
      pickable: true, radiusUnits: "pixels", getRadius: 1, radiusScale: radius, stroked: false,
    })],
  });
})();
