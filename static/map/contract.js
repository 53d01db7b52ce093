// What Python sends the map, written down once: the view element's JSON and the two binary blobs'
// layouts. Types only (JSDoc); no module imports this file when the map runs, the others name its
// types as import("./contract.js").ViewData and so on. Change it with the Python side:
// components/map/click.py view_data() and element.py urls() (the JSON), components/map/payload.py
// points_blob() and colours_blob() (the bytes; payload.decode() reads them back in tests).

// ---- the view element's JSON (key "map_view"; sent again on every click) ----------------------

/**
 * An item listed beside the map: a neighbour of the pick, or one nearest to the query by meaning
 * (click.py listed()).
 * @typedef {object} Listed
 * @property {number} id  its row
 * @property {string} text  its text, shortened to 160 characters (click.py LIST_CHARS)
 * @property {string} group  its label, shortened the same way
 * @property {number} score  its score (ViewData.score_name)
 * @property {string} [full]  present only when text was shortened: up to 400 characters, the hover
 */

/**
 * The legend of a categorical colouring (payload.py legend()): each colour, in code order.
 * @typedef {object} CategoricalLegend
 * @property {string} title  the column coloured by (as the user's file names it)
 * @property {"categorical"} kind
 * @property {Array<{name: string, colour: string, count: number}>} entries
 *   category name (as in the file), its "#RRGGBB" colour, how many points have it
 */

/**
 * The legend of a numeric colouring (payload.py legend()): a colour ramp between two values.
 * @typedef {object} NumericLegend
 * @property {string} title
 * @property {"numeric"} kind
 * @property {[number, number]} range  the values at the ramp's two ends
 * @property {string[]} ramp  the ramp's stops, "#RRGGBB", low to high (payload.py RAMP)
 * @property {[string, string]} [range_labels]  the ends as they read, when not as numbers (dates:
 *   "2026-01-04"; payload.py date_colouring())
 */

/**
 * A cluster's name, drawn at its centre (components/map/clusters.py names_for_map()).
 * @typedef {object} ClusterName
 * @property {string} name  the name as shown (the user's own, when renamed)
 * @property {number[]} at  where it is drawn: the centre of its members on the map, [x, y] or [x, y, z]
 * @property {number} size  how many items it holds (the larger, the larger its name and the
 *   earlier it is placed)
 */

/**
 * Everything the view element gets: click.py view_data() merged with element.py urls().
 * @typedef {object} ViewData
 * @property {string} points  the points blob's content id (PointsHeader.id)
 * @property {string} colours  the colours blob's content id (ColoursHeader.id)
 * @property {2 | 3} dims  the map's dimensions
 * @property {number | null} selected  the picked row, or null
 * @property {string | null} selected_text  its text, shortened to 80 characters (the heading)
 * @property {string | null} selected_full  its text up to 2,000 characters (the heading's hover)
 * @property {Listed[]} neighbours  the pick's nearest neighbours in the full space, nearest first
 * @property {string} score_name  what the scores are ("cosine similarity", "distance", …)
 * @property {boolean} lower_is_nearer  true for distances (euclidean)
 * @property {number[]} matches  rows whose text contains the query (letters), the first 2,000
 * @property {number} match_count  how many rows matched in all
 * @property {Listed[]} meaning  rows nearest to the query by meaning, nearest first
 * @property {string} query  the query, shortened to 80 characters ("" for none)
 * @property {string} query_full  the query up to 2,000 characters
 * @property {CategoricalLegend | NumericLegend | null} legend
 * @property {number[]} selection_rows  the selection's first 5,000 rows (ringed in blue: a
 *   cluster picked in the panel, or the lasso's own rows sent back)
 * @property {number} selection  how many rows Python holds as the lasso's selection (0: the
 *   page forgets the browser's lasso)
 * @property {boolean} labels  label every point that has room (small sets)
 * @property {{levels: ClusterName[][]} | null} clusters  cluster names by level, coarse first:
 *   level 0 at the full view, each next level after more zoom (cluster_names.js), or null
 * @property {{low: number[], high: number[], nonce: number} | null} zoom_to  the box "Zoom to it"
 *   asked for (cluster_panel.py); the camera moves to it when its nonce is new, not on first draw
 * @property {MapFilter | null} filter  the rows a filter keeps (the rest drawn grey), or null
 * @property {string} module  where the page finds map.js: "/app/static/map/map.js?v=<hash>"
 *   (under server.baseUrlPath when one is set)
 * @property {string} deck  where it finds deck.gl: "/app/static/vendor/deck.gl/dist.min.js"
 */

/**
 * The map's filter (components/map/filters.py Filtered.view()).
 * @typedef {object} MapFilter
 * @property {string} [id]  content id of the bits (absent when no row is filtered out)
 * @property {string} [bits]  base64 of one bit per row, little-endian within each byte (numpy
 *   packbits bitorder="little"): 1 = the row passes, drawn in its colour; 0 = drawn grey
 * @property {number} [kept]  how many rows pass
 * @property {string} [legend_column]  the column a click on a legend entry filters (the
 *   colour's); the entry's name goes back as the "legend" trigger
 * @property {string[] | null} [legend_on]  the legend's names the filter keeps now (null: all)
 */

// ---- the two blobs (keys "map_points" and "map_colours"; sent as raw bytes) --------------------
//
// Both: bytes 0-3 the magic, 4-7 the header's length h (uint32), then h bytes of header JSON
// (UTF-8, padded with spaces to a multiple of 4), then the sections below, in order, each padded
// with zero bytes to a multiple of 4. Numbers are little-endian. The header's "id" is a hash of
// the sections and the rest of the header: same content, same id.
//
// points, magic "EEP1" (payload.py points_blob):
//   float32 × n·dims   coordinates, point by point (x, y[, z])
//   uint32 × (n + 1)   offsets of each label in the text section (offsets[0] = 0, bytes)
//   UTF-8 text         the labels one after another, each cut to 200 characters (LABEL_CHARS)
// colours, magic "EEC1" (payload.py colours_blob):
//   uint16 × n         each point's colour code: an index into palette and names

/**
 * The points blob's header JSON.
 * @typedef {object} PointsHeader
 * @property {"points"} kind
 * @property {number} n  how many points
 * @property {2 | 3} dims
 * @property {number[]} min  the smallest coordinate on each axis (dims numbers)
 * @property {number[]} max  the largest
 * @property {string} id  content id (24 hex digits)
 */

/**
 * The colours blob's header JSON.
 * @typedef {object} ColoursHeader
 * @property {"colours"} kind
 * @property {number} n  how many points
 * @property {string[]} palette  "#RRGGBB" for each code
 * @property {string[]} names  the category (or ramp value) each code stands for
 * @property {string} id  content id (24 hex digits)
 */

/**
 * The points blob as blobs.js decode() returns it: the header and its sections.
 * @typedef {PointsHeader & {coords: Float32Array, offsets: Uint32Array,
 *   label: (row: number) => string}} PointsBlob
 */

/**
 * The colours blob as blobs.js decode() returns it, with the colours ready for deck.gl: RGBA per
 * point, alpha 215 (a code outside the palette is grey).
 * @typedef {ColoursHeader & {codes: Uint16Array, rgba: Uint8Array}} ColoursBlob
 */

export {};
