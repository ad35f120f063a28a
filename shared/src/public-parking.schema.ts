import { z } from 'zod'
import { DEFAULT_WORK_CALENDAR } from './calendar.ts'
import { keysOf, LOT_KINDS } from './enums.ts'
import type { HelloMessage } from './hello.ts'

/**
 * Public parking for citizens (issue #6): what anyone may read about public lots, no login. The
 * objects are built field by field on the server, so nothing internal (device ids, space rows,
 * capacity bookkeeping) can leak through a spread.
 */

/** ParkAPI's lot state: open, closed by its opening hours, or no counts to tell. */
export const LOT_STATES = ['open', 'closed', 'nodata'] as const
export type LotState = (typeof LOT_STATES)[number]

/** What a map pin shows. */
export const LOT_AVAILABILITIES = ['many', 'few', 'full', 'closed', 'nodata'] as const
export type LotAvailability = (typeof LOT_AVAILABILITIES)[number]

/** "Few" free: below this many spaces, or below FEW_FREE_SHARE of the total, whichever is more. */
export const FEW_FREE_MIN = 3
export const FEW_FREE_SHARE = 0.1

/** Public counts are live: caches may keep an answer this long. */
export const PUBLIC_PARKING_MAX_AGE_S = 15

export const NEAREST_LIMIT_MAX = 20
export const NEAREST_LIMIT_DEFAULT = 5

const LngLatSchema = z.object({ lat: z.number(), lng: z.number() })

/** A public lot; `total`/`free` are null when the lot has never reported counts. */
export const PublicLotSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(keysOf(LOT_KINDS)),
  total: z.number().int().nullable(),
  free: z.number().int().nullable(),
  price: z.string(),
  openingHours: z.string(),
  openNow: z.boolean().nullable(),
  state: z.enum(LOT_STATES),
  availability: z.enum(LOT_AVAILABILITIES),
  lastUpdated: z.string().nullable(),
  coords: LngLatSchema,
})
export type PublicLot = z.infer<typeof PublicLotSchema>

export const PublicLotPropertiesSchema = PublicLotSchema.omit({ coords: true })
export const PublicLotCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
      properties: PublicLotPropertiesSchema,
    }),
  ),
})

export type PublicLotCollection = z.infer<typeof PublicLotCollectionSchema>

/** ParkAPI-style feed (https://github.com/offenesdresden/ParkAPI): one object per public lot. */
export const ParkingFeedSchema = z.object({
  last_updated: z.string().nullable(),
  lots: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      coords: LngLatSchema,
      total: z.number().int().nullable(),
      free: z.number().int().nullable(),
      state: z.enum(LOT_STATES),
      last_updated: z.string().nullable(),
    }),
  ),
})
export type ParkingFeed = z.infer<typeof ParkingFeedSchema>

export const NearestLotSchema = PublicLotSchema.extend({ distanceM: z.number() })
export const NearestLotsSchema = z.object({ lots: z.array(NearestLotSchema) })
export type NearestLot = z.infer<typeof NearestLotSchema>

/** A coordinate in the query string: present, a number, in range ('' would coerce to 0, a real place). */
const coordinate = (name: string, limit: number) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .min(1, `${name} is required`)
    .pipe(z.coerce.number<string>({ error: `${name} must be a number` }).min(-limit, `${name} must lie within -${limit}..${limit}`).max(limit, `${name} must lie within -${limit}..${limit}`))

export const NearestQuerySchema = z.object({
  lng: coordinate('lng', 180),
  lat: coordinate('lat', 90),
  limit: z.coerce
    .number()
    .int('limit must be a whole number')
    .min(1, `limit must be 1..${NEAREST_LIMIT_MAX}`)
    .max(NEAREST_LIMIT_MAX, `limit must be 1..${NEAREST_LIMIT_MAX}`)
    .default(NEAREST_LIMIT_DEFAULT),
})

/** Opening hours as minutes after local midnight, 0..1440; `from > to` runs past midnight. */
export interface OpeningMinutes {
  from: number
  to: number
}

/**
 * "08:00-20:00", "00:00-24:00", "22:00-06:00" (past midnight; "-", "–" or "~") as minutes, or null when
 * not understood ("00:00-00:00" could mean never or always). The database keeps the same reading in
 * `parking_lots.open_from/open_to` (sql/migrations/0011): a test holds the two together.
 */
export function parseOpeningHours(hours: string): OpeningMinutes | null {
  const m = /^[ \t]*([01]\d|2[0-4]):([0-5]\d)[ \t]*[-–~][ \t]*([01]\d|2[0-4]):([0-5]\d)[ \t]*$/.exec(hours)
  if (!m) return null
  const from = Number(m[1]) * 60 + Number(m[2])
  const to = Number(m[3]) * 60 + Number(m[4])
  if (from > 24 * 60 || to > 24 * 60 || from === to) return null
  return { from, to }
}

/** Minutes after midnight in the county (a fixed UTC offset: China has no daylight saving time). */
export function localMinuteOf(at: Date, offsetMinutes = DEFAULT_WORK_CALENDAR.timeZoneOffsetMinutes): number {
  return (((at.getTime() / 60_000 + offsetMinutes) % 1440) + 1440) % 1440
}

/**
 * Whether `hours` includes `at`, in the county's local time. Hours not understood: null, and the lot is
 * shown as open with unknown hours rather than wrongly closed.
 */
export function isOpenAt(hours: string, at: Date, offsetMinutes = DEFAULT_WORK_CALENDAR.timeZoneOffsetMinutes): boolean | null {
  const h = parseOpeningHours(hours)
  if (!h) return null
  const local = localMinuteOf(at, offsetMinutes)
  return h.from < h.to ? local >= h.from && local < h.to : local >= h.from || local < h.to
}

/** ParkAPI state: no counts → nodata; outside its opening hours → closed; else open. */
export function lotState(free: number | null, total: number | null, openNow: boolean | null): LotState {
  if (free === null || total === null) return 'nodata'
  return openNow === false ? 'closed' : 'open'
}

/** What a pin shows: few = free below max(FEW_FREE_MIN, FEW_FREE_SHARE × total). */
export function lotAvailability(state: LotState, free: number | null, total: number | null): LotAvailability {
  if (state !== 'open' || free === null || total === null) return state === 'closed' ? 'closed' : 'nodata'
  if (free <= 0) return 'full'
  return free < Math.max(FEW_FREE_MIN, FEW_FREE_SHARE * total) ? 'few' : 'many'
}

/**
 * The public live channel: a socket.io namespace of its own, open to anyone, that carries lot-level
 * counts and nothing else (no cases, no spaces, no internal fields), at most one update per lot per
 * PUBLIC_LOT_UPDATE_MIN_MS.
 */
export const PUBLIC_PARKING_NAMESPACE = '/public-parking'
export const PUBLIC_LOT_UPDATE_MIN_MS = 1_000

export const PublicLotCountsSchema = PublicLotSchema.pick({
  id: true,
  total: true,
  free: true,
  openNow: true,
  state: true,
  availability: true,
  lastUpdated: true,
})
export type PublicLotCounts = z.infer<typeof PublicLotCountsSchema>
export const PublicLotsMessageSchema = z.object({ lots: z.array(PublicLotCountsSchema) })
export type PublicLotsMessage = z.infer<typeof PublicLotsMessageSchema>

export interface PublicParkingServerEvents {
  /** Sent once, first, on every connection: which web build the server serves. */
  hello: (message: HelloMessage) => void
  /** Lots whose counts changed, each at most once per PUBLIC_LOT_UPDATE_MIN_MS. */
  lots: (message: PublicLotsMessage) => void
}

/** A lot's live fields, picked one by one (what the public channel sends). */
export function lotCounts(lot: PublicLot): PublicLotCounts {
  return {
    id: lot.id,
    total: lot.total,
    free: lot.free,
    openNow: lot.openNow,
    state: lot.state,
    availability: lot.availability,
    lastUpdated: lot.lastUpdated,
  }
}
