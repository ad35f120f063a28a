import { z } from 'zod'
import { CaseSummarySchema } from './case.schema.ts'
import { SpaceStatusSchema } from './ingest.schema.ts'

/**
 * Every change clients learn of is an outbox row with a commit-ordered id. The same shape travels
 * over socket.io and `GET /api/events?since=`.
 */
export const OutboxEventSchema = z.discriminatedUnion('type', [
  z.object({ id: z.number().int(), at: z.string(), type: z.literal('incident.created'), payload: CaseSummarySchema }),
  z.object({ id: z.number().int(), at: z.string(), type: z.literal('incident.updated'), payload: CaseSummarySchema }),
  z.object({
    id: z.number().int(),
    at: z.string(),
    type: z.literal('space.status'),
    payload: z.object({ spaceId: z.string(), lotId: z.string(), status: SpaceStatusSchema, at: z.string() }),
  }),
  z.object({
    id: z.number().int(),
    at: z.string(),
    type: z.literal('sensor.reading'),
    payload: z.object({
      sensorId: z.string(),
      siteId: z.number().int().nullable(),
      at: z.string(),
      pm10: z.number(),
      pm25: z.number(),
      tsp: z.number().nullable(),
      noiseDb: z.number().nullable(),
    }),
  }),
])
export type OutboxEvent = z.infer<typeof OutboxEventSchema>
export type OutboxEventType = OutboxEvent['type']
export type EventPayload<T extends OutboxEventType> = Extract<OutboxEvent, { type: T }>['payload']

/** The socket.io handshake: `auth: { since }` asks for everything after that event id first. */
export const HandshakeAuthSchema = z.object({ since: z.coerce.number().int().nonnegative().optional() })

export interface ServerToClientEvents {
  /** One committed change, in id order, exactly once per connection. */
  event: (e: OutboxEvent) => void
  /** Catch-up finished: everything up to `lastId` has been sent; live events follow. */
  ready: (info: { lastId: number }) => void
}
// Clients only listen for now; subscriptions arrive with the case workflow.
export type ClientToServerEvents = Record<string, never>

export const EventsQuerySchema = z.object({
  since: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
})
export const EventsPageSchema = z.object({ events: z.array(OutboxEventSchema), lastId: z.number().int() })
export type EventsPage = z.infer<typeof EventsPageSchema>
