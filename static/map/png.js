// "Save PNG": the map as drawn now, downloaded as a picture.

const v = new URL(import.meta.url).search;  // this copy's ?v=: siblings at the same version (map.js)
const { el } = await import(`./dom.js${v}`);

// The PNG is the two canvases as drawn (points, then rings, the pick and labels) on the map's
// background, at the canvas's own resolution; a camera move not yet drawn is drawn first.
export function savePng(mapState) {
  if (!mapState.deck || !mapState.overlay) return;
  mapState.deck.redraw();
  mapState.overlay.redraw();
  const base = mapState.deck.getCanvas(), over = mapState.overlay.getCanvas();
  const out = document.createElement("canvas");
  out.width = base.width;
  out.height = base.height;
  const g = out.getContext("2d");
  g.fillStyle = getComputedStyle(mapState.dom.map).backgroundColor || "#fcfcfd";
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(base, 0, 0, out.width, out.height);
  if (over) g.drawImage(over, 0, 0, out.width, out.height);
  out.toBlob((png) => {
    if (!png) return;
    const a = el("a", { href: URL.createObjectURL(png), download: "map.png" });
    mapState.dom.root.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
  }, "image/png");
}
