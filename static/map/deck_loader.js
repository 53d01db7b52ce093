// deck.gl, loaded once per page: the vendored UMD build (static/vendor/deck.gl, at the URL
// element.py sends as data.deck) as a classic script, which sets globalThis.deck. The preload
// element starts it (map.js preload) while Python is still encoding; every later call gets the
// same promise.

const v = new URL(import.meta.url).search;  // this copy's ?v=: siblings at the same version (map.js)
const { store } = await import(`./store.js${v}`);

export function loadDeck(url) {
  if (globalThis.deck) return Promise.resolve(globalThis.deck);
  store.deck ??= new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = url;
    s.onload = () => resolve(globalThis.deck);
    s.onerror = () => reject(new Error(`could not load deck.gl from ${url}`));
    document.head.appendChild(s);
  });
  return store.deck;
}
