/**
 * Vector tiles (`/tiles/{layer}/{z}/{x}/{y}.mvt`), what both the server and the map read. Up to
 * TILE_CLUSTER_MAX_ZOOM, a point layer's tile holds clusters: one point per cell of
 * TILE_CLUSTER_CELL tile units that has features, at their centre, with `count` and the legend
 * property's most common value; from the zoom after, every feature.
 */
export const TILE_CLUSTER_MAX_ZOOM = 14
export const TILE_CLUSTER_CELL = 64
/**
 * Past TILE_CLUSTER_MAX_ZOOM, a point layer's tile that would hold more than TILE_MAX_FEATURES
 * features (a county of a million parking spaces, at its densest) holds clusters too: at most
 * (4096 / 64)² = 4,096 points, so no tile grows past a few hundred KB however dense the layer.
 */
export const TILE_MAX_FEATURES = 10_000
/** The property of a cluster that says how many features it stands for. */
export const TILE_CLUSTER_COUNT = 'count'
/** The property a tile feature with a text id (parking spaces) carries it in: vector tiles hold only integer ids. */
export const TILE_ID_PROPERTY = 'id'
