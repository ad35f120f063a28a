import { z } from 'zod'

/**
 * `GET /api/health`: the process answers (always 200); `status` says whether its database does.
 * While it does not, the versions and migrations are unknown and `database.outage` says since when and why.
 */
export const HealthSchema = z.object({
  status: z.enum(['ok', 'database_unreachable']),
  database: z.object({
    mode: z.enum(['embedded', 'postgres']),
    reachable: z.boolean(),
    postgres: z.string().optional(),
    postgis: z.string().optional(),
    outage: z.object({ since: z.string(), reason: z.string() }).optional(),
  }),
  migrations: z.array(z.string()),
  demo: z.boolean(),
})
export type Health = z.infer<typeof HealthSchema>

/** `GET /api/health/ready`: whether a load balancer should send this process requests (503 when not). */
export const ReadinessSchema = z.object({
  ready: z.boolean(),
  reason: z.string().optional(),
})
export type Readiness = z.infer<typeof ReadinessSchema>

/** What the web app needs to know before drawing the map. */
export const ClientConfigSchema = z.object({
  basemap: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('offline') }),
    z.object({ kind: z.literal('style'), url: z.string() }),
    z.object({ kind: z.literal('tianditu'), key: z.string() }),
  ]),
  serviceArea: z.object({ type: z.string(), coordinates: z.unknown() }).nullable(),
})
export type ClientConfig = z.infer<typeof ClientConfigSchema>
