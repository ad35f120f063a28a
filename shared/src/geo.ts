import { z } from 'zod'

/** Longitude/latitude in WGS-84, the one canonical system stored by citygrid. */
export const LngLatSchema = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
  .describe('[longitude, latitude] in WGS-84')

export const PointSchema = z.object({
  type: z.literal('Point'),
  coordinates: LngLatSchema,
})
export type PointGeometry = z.infer<typeof PointSchema>

export const COORD_SYSTEMS = ['wgs84', 'gcj02', 'bd09'] as const
export type CoordSys = (typeof COORD_SYSTEMS)[number]

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number]

/** Largest bbox a feature query may ask for, in degrees of longitude or latitude. */
export const MAX_BBOX_SPAN_DEG = 10

/**
 * `minLon,minLat,maxLon,maxLat` as a query string value. Reasons name what is wrong so a client
 * can show them.
 */
export const BBoxParamSchema = z.string().transform((raw, ctx): BBox => {
  const parts = raw.split(',')
  if (parts.length !== 4) {
    ctx.addIssue({ code: 'custom', message: 'expected four numbers: minLon,minLat,maxLon,maxLat' })
    return z.NEVER
  }
  const nums = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)))
  if (nums.some((n) => !Number.isFinite(n))) {
    ctx.addIssue({ code: 'custom', message: 'every bbox value must be a finite number' })
    return z.NEVER
  }
  const [minLon, minLat, maxLon, maxLat] = nums as BBox
  if (minLon < -180 || maxLon > 180) ctx.addIssue({ code: 'custom', message: 'longitude must lie within -180..180' })
  if (minLat < -90 || maxLat > 90) ctx.addIssue({ code: 'custom', message: 'latitude must lie within -90..90' })
  if (minLon >= maxLon) ctx.addIssue({ code: 'custom', message: 'minLon must be less than maxLon' })
  if (minLat >= maxLat) ctx.addIssue({ code: 'custom', message: 'minLat must be less than maxLat' })
  if (maxLon - minLon > MAX_BBOX_SPAN_DEG || maxLat - minLat > MAX_BBOX_SPAN_DEG) {
    ctx.addIssue({ code: 'custom', message: `bbox may span at most ${MAX_BBOX_SPAN_DEG} degrees each way` })
  }
  return [minLon, minLat, maxLon, maxLat]
})

/** Ray casting: is `p` inside the ring (closed or not)? */
function inRing(p: readonly [number, number], ring: readonly (readonly number[])[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number]
    const [xj, yj] = ring[j] as [number, number]
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Is `p` inside a MultiPolygon's coordinates (holes excluded)? */
export function pointInMultiPolygon(p: readonly [number, number], polygons: readonly (readonly (readonly (readonly number[])[])[])[]): boolean {
  return polygons.some(([outer, ...holes]) => !!outer && inRing(p, outer) && !holes.some((h) => inRing(p, h)))
}

export function pointInBBox(p: readonly [number, number], b: BBox): boolean {
  return p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3]
}
