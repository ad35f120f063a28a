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
    /** It did not answer at once (a long query holds it): the versions are the last ones read. */
    busy: z.boolean().optional(),
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

/** The layers of Tianditu (天地图) the map draws: streets (`vec_w`) and their labels (`cva_w`), Web Mercator. */
export const TIANDITU_LAYERS = ['vec_w', 'cva_w'] as const
export type TiandituLayer = (typeof TIANDITU_LAYERS)[number]

/**
 * What the web app needs to know before drawing the map. Tianditu tiles come through our own
 * server (`tiles`, with `{layer}`, `{z}`, `{x}`, `{y}` to fill in), which adds the key: the key
 * never leaves the server, since this answer is public.
 */
export const ClientConfigSchema = z.object({
  basemap: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('offline') }),
    z.object({ kind: z.literal('style'), url: z.string() }),
    z.object({ kind: z.literal('tianditu'), tiles: z.string() }),
  ]),
  serviceArea: z.object({ type: z.string(), coordinates: z.unknown() }).nullable(),
})
export type ClientConfig = z.infer<typeof ClientConfigSchema>
