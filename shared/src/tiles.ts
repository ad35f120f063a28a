/**
 * Vector tiles (`/tiles/{layer}/{z}/{x}/{y}.mvt`), what both the server and the map read. Up to
 * TILE_CLUSTER_MAX_ZOOM, a point layer's tile holds clusters: one point per cell of
 * TILE_CLUSTER_CELL tile units that has features, at their centre, with `count` and the legend
 * property's most common value; from the zoom after, every feature.
 */
export const TILE_CLUSTER_MAX_ZOOM = 14
export const TILE_CLUSTER_CELL = 64
/** The property of a cluster that says how many features it stands for. */
export const TILE_CLUSTER_COUNT = 'count'
