import { z } from 'zod'
import { COUNTY } from './county.ts'
import { MAX_ERROR_DETAILS, moreReason } from './errors.ts'
import type { Role } from './workflow.ts'

/**
 * Patrol zones (巡查责任区): drawn by supervisors, given to a team, patrolled on a schedule. The
 * geometry is checked here for what can be told without a geometry engine (shape, closure, range,
 * size of the input); self-intersection and area are checked by turf on the client and by PostGIS
 * (ST_IsValidReason, geography area) on the server, which is the authority.
 */
export const ZONE_LIMITS = {
  /** Positions over all rings of a zone: a hand-drawn or imported boundary, not a survey. */
  maxVertices: 2_000,
  maxPolygons: 50,
  /** A patrol zone smaller than a courtyard is a slip of the mouse. */
  minAreaM2: 100,
  /** 100 km²: several townships; the county seat's built-up area is about 12 km². */
  maxAreaM2: 100_000_000,
  nameMax: 60,
  notesMax: 2_000,
  maxShifts: 6,
} as const

/** Who draws and changes patrol zones (server routes and the web editor); every viewer reads them. */
export const ZONE_EDITORS: readonly Role[] = ['supervisor', 'admin']

/** 1 亩 = 10000/15 m². */
export const M2_PER_MU = 10_000 / 15

export const ZoneColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb')

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (00:00–23:59)')

/** A shift of patrol; `end` before `start` runs past midnight (a night shift). */
export const ZoneShiftSchema = z
  .object({ name: z.string().trim().min(1).max(20), start: HHMM, end: HHMM })
  .refine((s) => s.start !== s.end, { message: 'a shift must not start and end at the same time', path: ['end'] })

/** Days are ISO weekdays, 1 = Monday … 7 = Sunday. */
export const ZoneScheduleSchema = z.object({
  days: z
    .array(z.number().int().min(1).max(7))
    .max(7)
    .refine((d) => new Set(d).size === d.length, 'each weekday once')
    .transform((d) => [...d].sort((a, b) => a - b)),
  shifts: z.array(ZoneShiftSchema).max(ZONE_LIMITS.maxShifts),
})
export type ZoneSchedule = z.infer<typeof ZoneScheduleSchema>

export interface GeometryProblem {
  /** Dotted path into the geometry, e.g. `coordinates.0.3`. */
  path: string
  reason: string
  /** Where on the map, when there is a place to point at. */
  at?: [number, number]
}

type Position = [number, number]
/**
 * Problems listed by `zoneGeometryProblems`; the rest are counted in one last problem. Half an answer's
 * cap, so that problems with the zone's other fields and that last line fit in the same answer.
 */
const LISTED_PROBLEMS = MAX_ERROR_DETAILS / 2
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/**
 * Problems of a Polygon or MultiPolygon that need no geometry engine: its shape, positions of two
 * finite numbers inside the county's extent, rings of at least four positions whose first and last
 * are equal, and the vertex and polygon caps. Empty when none. At most `LISTED_PROBLEMS` are listed
 * (each reason is built only for those), then one that counts the rest.
 */
export function zoneGeometryProblems(geometry: unknown): GeometryProblem[] {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null
  if (!g || typeof g !== 'object') return [{ path: '', reason: 'a GeoJSON Polygon or MultiPolygon is required' }]
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    return [{ path: 'type', reason: `type must be Polygon or MultiPolygon, not ${JSON.stringify(g.type)}` }]
  }
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return [{ path: 'coordinates', reason: 'coordinates must be a non-empty array' }]
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[]
  const prefix = (p: number) => (g.type === 'Polygon' ? 'coordinates' : `coordinates.${p}`)
  if (polygons.length > ZONE_LIMITS.maxPolygons) {
    return [{ path: 'coordinates', reason: `at most ${ZONE_LIMITS.maxPolygons} polygons, got ${polygons.length}` }]
  }
  const problems: GeometryProblem[] = []
  let unlisted = 0
  const add = (problem: () => GeometryProblem) => {
    if (problems.length < LISTED_PROBLEMS) problems.push(problem())
    else unlisted++
  }
  let vertices = 0
  const [w, s, e, n] = COUNTY.bbox
  polygons.forEach((polygon, p) => {
    if (!Array.isArray(polygon) || polygon.length === 0) {
      add(() => ({ path: prefix(p), reason: 'a polygon is a non-empty array of rings' }))
      return
    }
    polygon.forEach((ring, r) => {
      const path = `${prefix(p)}.${r}`
      const what = r === 0 ? 'the outer ring' : `hole ${r}`
      if (!Array.isArray(ring)) {
        add(() => ({ path, reason: `${what} must be an array of positions` }))
        return
      }
      vertices += ring.length
      let shapeOk = true
      ring.forEach((pos, i) => {
        if (!Array.isArray(pos) || pos.length < 2 || pos.length > 3 || !pos.every(isNum)) {
          add(() => ({ path: `${path}.${i}`, reason: 'a position is [longitude, latitude] in finite numbers' }))
          shapeOk = false
          return
        }
        const [lng, lat] = pos as Position
        if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
          add(() => ({ path: `${path}.${i}`, reason: `coordinate out of range: longitude -180..180, latitude -90..90 (got ${lng}, ${lat})` }))
          shapeOk = false
        } else if (lng < w || lng > e || lat < s || lat > n) {
          add(() => ({
            path: `${path}.${i}`,
            reason: `outside the county (longitude ${w}..${e}, latitude ${s}..${n}): got ${lng}, ${lat}`,
            at: [lng, lat],
          }))
          shapeOk = false
        }
      })
      if (!shapeOk) return
      const positions = ring as Position[]
      if (positions.length < 4) {
        add(() => ({ path, reason: `${what} needs at least four positions (a triangle and the closing one), got ${positions.length}` }))
        return
      }
      const first = positions[0]!
      const last = positions[positions.length - 1]!
      if (first[0] !== last[0] || first[1] !== last[1]) {
        add(() => ({ path, reason: `${what} is not closed: its last position must equal its first`, at: [last[0], last[1]] }))
      }
    })
  })
  if (unlisted) problems.push({ path: 'coordinates', reason: moreReason(unlisted) })
  if (vertices > ZONE_LIMITS.maxVertices) {
    problems.unshift({ path: 'coordinates', reason: `too many vertices: at most ${ZONE_LIMITS.maxVertices}, got ${vertices}` })
  }
  return problems
}

/** The geometry of a zone as sent: checked by `zoneGeometryProblems`, each problem an issue at its path. */
export const ZoneGeometrySchema = z
  .looseObject({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) })
  .superRefine((g, ctx) => {
    for (const p of zoneGeometryProblems(g)) {
      ctx.addIssue({
        code: 'custom',
        path: p.path ? p.path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)) : [],
        message: p.reason,
        ...(p.at ? { params: { at: p.at } } : {}),
      })
    }
  })
  .transform((g) => ({ type: g.type, coordinates: g.coordinates }) as ZoneGeometry)
export type ZoneGeometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] }

/** `POST /api/zones` and one feature of an import. */
export const ZoneInputSchema = z.object({
  name: z.string().trim().min(1).max(ZONE_LIMITS.nameMax),
  team: z.string().trim().min(1).max(ZONE_LIMITS.nameMax),
  color: ZoneColorSchema,
  schedule: ZoneScheduleSchema.default({ days: [], shifts: [] }),
  notes: z.string().max(ZONE_LIMITS.notesMax).default(''),
  geometry: ZoneGeometrySchema,
})
export type ZoneInput = z.output<typeof ZoneInputSchema>

/** `PUT /api/zones/:id`: the whole zone again, with the version it was edited from. */
export const ZoneUpdateSchema = ZoneInputSchema.extend({ version: z.number().int().positive() })
export type ZoneUpdate = z.output<typeof ZoneUpdateSchema>

export const ZoneOverlapSchema = z.object({ zoneId: z.number().int(), name: z.string(), areaM2: z.number() })

export const ZonePropertiesSchema = z.object({
  name: z.string(),
  team: z.string(),
  color: z.string(),
  schedule: z.object({
    days: z.array(z.number().int()),
    shifts: z.array(z.object({ name: z.string(), start: z.string(), end: z.string() })),
  }),
  notes: z.string(),
  version: z.number().int(),
  areaM2: z.number(),
  areaMu: z.number(),
  perimeterM: z.number(),
  /** Other zones this one overlaps, with the shared area: flagged, not forbidden. */
  overlaps: z.array(ZoneOverlapSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
})
export type ZoneProperties = z.infer<typeof ZonePropertiesSchema>

/** A stored zone, as GeoJSON (always a MultiPolygon, rings counter-clockwise as RFC 7946 asks). */
export const ZoneSchema = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(z.tuple([z.number(), z.number()])))) }),
  properties: ZonePropertiesSchema,
})
export type Zone = z.infer<typeof ZoneSchema>

export const ZoneCollectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(ZoneSchema) })
export type ZoneCollection = z.infer<typeof ZoneCollectionSchema>

/** `GET /api/zones/:id/stats?from=&to=` (default the last 30 days). */
export const ZoneStatsQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['to'] })

/** What happened inside a zone: by the geometry, so cases reported before it was drawn count too. */
export const ZoneStatsSchema = z.object({
  zoneId: z.number().int(),
  from: z.string(),
  to: z.string(),
  /** Cases reported in [from, to) inside the zone, per class and current status. */
  cases: z.array(z.object({ classCode: z.string(), status: z.string(), count: z.number().int() })),
  casesTotal: z.number().int(),
  /** 按期结案率 of the cases inside dispatched in [from, to) (as in /api/kpis); null with none due. */
  onTimeRate: z.number().nullable(),
  due: z.number().int(),
  closedOnTime: z.number().int(),
  vending: z.record(z.string(), z.number().int()),
  structures: z.record(z.string(), z.number().int()),
  constructionSites: z.array(z.object({ id: z.number().int(), name: z.string(), status: z.string() })),
  /** Dust alarms (0302 cases raised by sensors) inside: reported in the period, and open now. */
  dustAlarms: z.object({ inPeriod: z.number().int(), openNow: z.number().int() }),
})
export type ZoneStats = z.infer<typeof ZoneStatsSchema>

/** `GET /api/zones/coverage`: how much of the built-up area (the unit grid) the zones cover. */
export const ZoneCoverageSchema = z.object({
  cells: z.number().int(),
  gridAreaM2: z.number(),
  coveredAreaM2: z.number(),
  /** coveredAreaM2 ÷ gridAreaM2; null without a grid. */
  share: z.number().nullable(),
  /** Cells less than fully covered, with the share of each that is covered. */
  uncovered: z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.string(),
        geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) }),
        properties: z.object({ code: z.string(), coveredShare: z.number() }),
      }),
    ),
  }),
})
export type ZoneCoverage = z.infer<typeof ZoneCoverageSchema>

/** A cell counts as covered from this share on (slivers along drawn edges are not gaps). */
export const CELL_COVERED_SHARE = 0.99

/** `POST /api/zones/import`: a GeoJSON FeatureCollection; `mode=all` (default) stores all or none. */
export const ZONE_IMPORT_MAX_FEATURES = 500
export const ZoneImportQuerySchema = z.object({ mode: z.enum(['all', 'valid-only']).default('all') })
export const ZoneImportReportSchema = z.object({
  imported: z.array(z.object({ index: z.number().int(), id: z.number().int(), name: z.string() })),
  rejected: z.array(
    z.object({
      index: z.number().int(),
      name: z.string().nullable(),
      details: z.array(z.object({ field: z.string(), reason: z.string(), at: z.tuple([z.number(), z.number()]).optional() })),
    }),
  ),
})
export type ZoneImportReport = z.infer<typeof ZoneImportReportSchema>
