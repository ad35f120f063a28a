/**
 * Web Mercator tile arithmetic (the XYZ scheme MapLibre, GDAL and every tile server use): a tile's
 * bounds in longitude/latitude, whether z/x/y names a tile at all, and which tiles a point is drawn
 * in — what the server drops from its tile cache on a change and the map refreshes on its event.
 */
export const TILE_EXTENT = 4096
/** Geometry kept past a tile's edge, in tile units, so that markers and outlines cut at the edge draw whole. */
export const TILE_BUFFER = 64
export const MAX_TILE_ZOOM = 22

function lngOf(x: number, z: number): number {
  return (x / 2 ** z) * 360 - 180
}

function latOf(y: number, z: number): number {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z
  return (180 / Math.PI) * Math.atan(Math.sinh(n))
}

/** The tile's bounds [west, south, east, north], grown by `buffer` tile units on each side. */
export function tileBBox(z: number, x: number, y: number, buffer = 0): [number, number, number, number] {
  const b = buffer / TILE_EXTENT
  return [lngOf(x - b, z), latOf(y + 1 + b, z), lngOf(x + 1 + b, z), latOf(y - b, z)]
}

export function isTile(z: number, x: number, y: number): boolean {
  const n = 2 ** z
  return Number.isInteger(z) && Number.isInteger(x) && Number.isInteger(y) && z >= 0 && z <= MAX_TILE_ZOOM && x >= 0 && x < n && y >= 0 && y < n
}

/** The tiles, at every zoom, whose extent grown by the tile buffer holds the point. */
export function tilesHolding(lng: number, lat: number): { z: number; x: number; y: number }[] {
  const fx = (lng + 180) / 360
  const s = Math.sin((lat * Math.PI) / 180)
  const fy = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)
  const b = TILE_BUFFER / TILE_EXTENT
  const out: { z: number; x: number; y: number }[] = []
  for (let z = 0; z <= MAX_TILE_ZOOM; z++) {
    const n = 2 ** z
    const [x0, x1] = [Math.max(0, Math.floor(fx * n - b)), Math.min(n - 1, Math.floor(fx * n + b))]
    const [y0, y1] = [Math.max(0, Math.floor(fy * n - b)), Math.min(n - 1, Math.floor(fy * n + b))]
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push({ z, x, y })
  }
  return out
}
