import type { Zone } from '@citygrid/shared'

type Position = [number, number]
type Point = { x: number; y: number }

/**
 * Snapping to the edges of zones already stored (terra-draw's own snapping only knows the features on
 * its drawing layer): the nearest vertex within `tolerancePx` of the pointer, else the nearest point on
 * an edge, so neighbouring zones meet without gaps or slivers. Worked out in screen pixels, because
 * "near" is what the supervisor sees at the current zoom. Pure: the projection is passed in.
 */
export function snapToZones(
  pointer: Point,
  zones: readonly Zone[],
  project: (p: Position) => Point,
  unproject: (p: Point) => Position,
  tolerancePx = 10,
): Position | undefined {
  let bestVertex: { d: number; at: Position } | null = null
  let bestEdge: { d: number; at: Point } | null = null
  for (const zone of zones) {
    for (const polygon of zone.geometry.coordinates) {
      for (const ring of polygon) {
        let prev: { p: Point; at: Position } | null = null
        for (const pos of ring) {
          const at: Position = [pos[0], pos[1]]
          const p = project(at)
          const d = Math.hypot(p.x - pointer.x, p.y - pointer.y)
          if (d <= tolerancePx && (!bestVertex || d < bestVertex.d)) bestVertex = { d, at }
          if (prev) {
            const foot = nearestOnSegment(pointer, prev.p, p)
            const de = Math.hypot(foot.x - pointer.x, foot.y - pointer.y)
            if (de <= tolerancePx && (!bestEdge || de < bestEdge.d)) bestEdge = { d: de, at: foot }
          }
          prev = { p, at }
        }
      }
    }
  }
  if (bestVertex) return bestVertex.at
  return bestEdge ? unproject(bestEdge.at) : undefined
}

function nearestOnSegment(p: Point, a: Point, b: Point): Point {
  const dx = b.x - a.x
  const dy = b.y - a.y
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2))
  return { x: a.x + t * dx, y: a.y + t * dy }
}
