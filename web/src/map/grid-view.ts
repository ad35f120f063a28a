import type { BBox, GridCellCollection } from '@citygrid/shared'
import type { MapLabel } from './label-layout.ts'

/**
 * The unit grid close up, as data: which area to ask `/api/grid` for, whether an answer already covers
 * a view, and the cells' labels (code, and under it the nearest named street or town).
 */

/** The view grown by `share` of its size on every side: a little panning needs no new request. */
export function padBox([w, s, e, n]: BBox, share: number): BBox {
  const [dx, dy] = [(e - w) * share, (n - s) * share]
  return [w - dx, s - dy, e + dx, n + dy]
}

/** Does `outer` hold all of `inner`? */
export function containsBox(outer: BBox, inner: BBox): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3]
}

/** Where a cell's label goes: the mean of its outer ring (without the closing point); cells are convex. */
export function cellCentre(ring: readonly (readonly number[])[]): [number, number] {
  const pts = ring.length > 1 ? ring.slice(0, -1) : ring
  return [pts.reduce((sum, p) => sum + p[0]!, 0) / pts.length, pts.reduce((sum, p) => sum + p[1]!, 0) / pts.length]
}

/**
 * Which of two checkerboard colours a cell is: how many of its own widths and heights its centre lies
 * from `origin`, the centre of a cell of the same grid (so the counts are whole numbers). Collision
 * hides a label whose anchor any higher one covers, visible or not; codes ranked in plain order would
 * hide each other all along a row once cells are narrower than two labels (zoom 16), so every other
 * cell ranks first and half the codes show, evenly.
 */
export function cellParity(ring: readonly (readonly number[])[], origin: readonly [number, number]): 0 | 1 {
  const xs = ring.map((p) => p[0]!)
  const ys = ring.map((p) => p[1]!)
  const [w, h] = [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)]
  if (!(w > 0 && h > 0)) return 0
  const [x, y] = cellCentre(ring)
  return ((Math.round((x - origin[0]) / w) + Math.round((y - origin[1]) / h)) & 1) as 0 | 1
}

/**
 * One label per cell: its 14-digit code, and the nearest named place on a second line. In label order
 * (label-layout.ts ranks the first highest): one checkerboard colour, then the other.
 */
export function gridLabels(cells: GridCellCollection | null, lang: 'zh' | 'en'): MapLabel[] {
  const first = cells?.features[0]
  if (!cells || !first) return []
  const origin = cellCentre(first.geometry.coordinates[0]!)
  const labelled = cells.features.map((cell) => {
    const ring = cell.geometry.coordinates[0]!
    const place = cell.properties.place?.[lang]
    const label: MapLabel = { kind: 'grid', text: place ? `${cell.properties.code}\n${place}` : cell.properties.code, position: cellCentre(ring) }
    return { label, parity: cellParity(ring, origin) }
  })
  return [...labelled.filter((l) => l.parity === 0), ...labelled.filter((l) => l.parity === 1)].map((l) => l.label)
}
