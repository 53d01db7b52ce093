// The two binary blobs (their layouts: contract.js; built by components/map/payload.py). Each data
// element hands its bytes to receive() as they arrive; they are decoded at once and kept in the
// store by their content id until a view asks for them by that id (the view JSON names them).

const v = new URL(import.meta.url).search;  // this copy's ?v=: siblings at the same version (map.js)
const { store } = await import(`./store.js${v}`);

/**
 * @typedef {import("./contract.js").PointsBlob} PointsBlob
 * @typedef {import("./contract.js").ColoursBlob} ColoursBlob
 */

function bytesOf(d) {
  if (d instanceof Uint8Array) return d;
  if (d instanceof ArrayBuffer) return new Uint8Array(d);
  if (ArrayBuffer.isView(d)) return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  return null;
}

/**
 * A points blob ("EEP1") or a colours blob ("EEC1"), read by its layout (contract.js).
 * @param {Uint8Array} u8
 * @returns {PointsBlob | ColoursBlob}
 */
export function decode(u8) {
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const magic = String.fromCharCode(u8[0], u8[1], u8[2], u8[3]);
  const size = dv.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(u8.subarray(8, 8 + size)));
  let at = 8 + size;
  const take = (Type, count) => {
    const arr = new Type(u8.slice(at, at + count * Type.BYTES_PER_ELEMENT).buffer);
    at += count * Type.BYTES_PER_ELEMENT;
    return arr;
  };
  const n = header.n;
  if (magic === "EEC1") {
    const codes = take(Uint16Array, n);
    const rgb = header.palette.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const rgba = new Uint8Array(4 * n);
    for (let i = 0; i < n; i++) {
      const c = rgb[codes[i]] || [150, 150, 150];
      rgba[4 * i] = c[0]; rgba[4 * i + 1] = c[1]; rgba[4 * i + 2] = c[2]; rgba[4 * i + 3] = 215;
    }
    return { ...header, codes, rgba };
  }
  const coords = take(Float32Array, n * header.dims);
  const offsets = take(Uint32Array, n + 1);
  const text = u8.slice(at, at + offsets[n]);
  const dec = new TextDecoder();
  const label = (i) => dec.decode(text.subarray(offsets[i], offsets[i + 1]));
  return { ...header, coords, offsets, label };
}

/** What a data element (map_points, map_colours) got: its bytes, as Python sent them. */
export function receive(data) {
  const u8 = bytesOf(data);
  if (!u8 || u8.length < 8) return;
  const blob = decode(u8);
  store.blobs.set(blob.id, blob);
  if (store.blobs.size > 8) store.blobs.delete(store.blobs.keys().next().value);
  (store.waiters.get(blob.id) || []).forEach((resolve) => resolve(blob));
  store.waiters.delete(blob.id);
}

/**
 * The blob with this content id, now or when it arrives.
 * @param {string} id
 * @returns {Promise<PointsBlob | ColoursBlob>}
 */
export function blob(id) {
  if (store.blobs.has(id)) return Promise.resolve(store.blobs.get(id));
  return new Promise((resolve) => {
    const list = store.waiters.get(id) || [];
    list.push(resolve);
    store.waiters.set(id, list);
  });
}
