import { z } from 'zod'
import { CaseSummarySchema } from './case.schema.ts'
import { SpaceStatusSchema } from './ingest.schema.ts'
import { ZoneSchema } from './zone.schema.ts'
import { DustAlarmSchema } from './dust-rule.ts'
import { LAYER_ALIASES } from './layers/index.ts'
import type { HelloMessage } from './hello.ts'

/**
 * Every change clients learn of is an outbox row with a commit-ordered id. The same shape travels
 * over socket.io and `GET /api/events?since=`.
 */
export const OutboxEventSchema = z.discriminatedUnion('type', [
  z.object({ id: z.number().int(), at: z.string(), type: z.literal('case.created'), payload: CaseSummarySchema }),
  z.object({ id: z.number().int(), at: z.string(), type: z.literal('case.updated'), payload: CaseSummarySchema }),
  z.object({
    id: z.number().int(),
    at: z.string(),
    type: z.literal('space.status'),
    payload: z.object({
      spaceId: z.string(),
      lotId: z.string(),
      status: SpaceStatusSchema,
      at: z.string(),
      lng: z.number(),
      lat: z.number(),
    }),
  }),
  z.object({
    id: z.number().int(),
    at: z.string(),
    type: z.literal('sensor.reading'),
    payload: z.object({
      sensorId: z.string(),
      siteId: z.number().int().nullable(),
      at: z.string(),
      /** Usable values only (see `dust_usable`): null when the device sent none or marked it unusable. */
      pm10: z.number().nullable(),
      pm25: z.number().nullable(),
      tsp: z.number().nullable(),
      noiseDb: z.number().nullable(),
      lng: z.number(),
      lat: z.number(),
    }),
  }),
  z.object({
    id: z.number().int(),
    at: z.string(),
    type: z.literal('sensor.status'),
    // A monitor went offline (no report for the configured gap) or came back (offlineSince null).
    payload: z.object({
      sensorId: z.string(),
      siteId: z.number().int().nullable(),
      /** Its last report's time (installed_at if it never reported); null: online again. */
      offlineSince: z.string().nullable(),
      lng: z.number(),
      lat: z.number(),
    }),
  }),
  z.object({
    id: z.number().int(),
    at: z.string(),
    type: z.literal('lot.counts'),
    // A barrier-counted lot's own report (spaces-counted lots change through space.status).
    payload: z.object({ lotId: z.string(), free: z.number().int(), total: z.number().int(), at: z.string() }),
  }),
  z.object({
    id: z.number().int(),
    at: z.string(),
    type: z.literal('dust.alarm'),
    // A site's alarm for one dust rule tripped or cleared (dust/alarms.ts); `siteAlarmActive`: whether
    // the site has any alarm still active after this change (its layer's `dustAlarm`).
    payload: DustAlarmSchema.extend({ state: z.enum(['tripped', 'cleared']), siteAlarmActive: z.boolean(), lng: z.number(), lat: z.number() }),
  }),
  z.object({ id: z.number().int(), at: z.string(), type: z.literal('zone.created'), payload: ZoneSchema }),
  z.object({ id: z.number().int(), at: z.string(), type: z.literal('zone.updated'), payload: ZoneSchema }),
  z.object({
    id: z.number().int(),
    at: z.string(),
    type: z.literal('zone.deleted'),
    payload: z.object({ id: z.number().int(), name: z.string(), version: z.number().int() }),
  }),
])
export type OutboxEvent = z.infer<typeof OutboxEventSchema>
export type OutboxEventType = OutboxEvent['type']
export type EventPayload<T extends OutboxEventType> = Extract<OutboxEvent, { type: T }>['payload']

/** Which map layer each event belongs to, for subscriptions. */
export const EVENT_LAYERS = ['cases', 'parking', 'dust-sensors', 'construction-sites', 'zones'] as const
export type EventLayer = (typeof EVENT_LAYERS)[number]
export const EVENT_LAYER: Record<OutboxEventType, EventLayer> = {
  'case.created': 'cases',
  'case.updated': 'cases',
  'space.status': 'parking',
  'lot.counts': 'parking',
  'sensor.reading': 'dust-sensors',
  'sensor.status': 'dust-sensors',
  'dust.alarm': 'construction-sites',
  'zone.created': 'zones',
  'zone.updated': 'zones',
  'zone.deleted': 'zones',
}

type OldLayerName = keyof typeof LAYER_ALIASES
const OLD_LAYER_NAMES = Object.keys(LAYER_ALIASES) as OldLayerName[]
const EventLayerNameSchema = z
  .enum([...EVENT_LAYERS, ...OLD_LAYER_NAMES])
  .transform((name): EventLayer => (Object.hasOwn(LAYER_ALIASES, name) ? LAYER_ALIASES[name as OldLayerName] : (name as EventLayer)))

/**
 * What a client shows, so it receives only that: some layers (all by default), optionally only
 * inside a bbox or a patrol zone.
 */
export const SubscriptionSchema = z
  .object({
    /** Layer names; the old name `incidents` (deprecated) is read as `cases`. */
    layers: z.array(EventLayerNameSchema).min(1).optional(),
    bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
    zoneId: z.number().int().positive().optional(),
  })
  .strict()
export type Subscription = z.infer<typeof SubscriptionSchema>
/** A subscription as a client sends it (old layer names allowed). */
export type SubscriptionRequest = z.input<typeof SubscriptionSchema>

/** The socket.io handshake: `auth: { since }` asks for everything after that event id first. */
export const HandshakeAuthSchema = z.object({
  since: z.coerce.number().int().nonnegative().optional(),
  subscription: SubscriptionSchema.optional(),
})

/**
 * Where an event happened, for bbox and zone subscriptions; null for patrol-zone changes, which every
 * subscriber to the zones layer receives wherever it looks (zones are few, and outlines cross bboxes).
 */
export function eventPosition(e: OutboxEvent): [number, number] | null {
  switch (e.type) {
    case 'zone.created':
    case 'zone.updated':
    case 'zone.deleted':
    // A lot's counts carry no position; they go to every parking subscriber (lots are few).
    case 'lot.counts':
      return null
    case 'case.created':
    case 'case.updated':
      return e.payload.location.coordinates
    case 'space.status':
    case 'sensor.reading':
    case 'sensor.status':
    case 'dust.alarm':
      return [e.payload.lng, e.payload.lat]
  }
}

export interface ServerToClientEvents {
  /** Sent once, first, on every connection: which web build the server serves. */
  hello: (message: HelloMessage) => void
  /** One committed change, in id order, exactly once per connection. */
  event: (e: OutboxEvent) => void
  /** Catch-up finished: everything up to `lastId` has been sent; live events follow. */
  ready: (info: { lastId: number }) => void
}
export interface ClientToServerEvents {
  /** Change what this connection receives from now on; the ack says whether it was accepted. */
  subscribe: (s: SubscriptionRequest, ack: (result: { ok: true } | { ok: false; reason: string }) => void) => void
}

export const EventsQuerySchema = z.object({
  since: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
})
export const EventsPageSchema = z.object({ events: z.array(OutboxEventSchema), lastId: z.number().int() })
export type EventsPage = z.infer<typeof EventsPageSchema>
