import { z } from 'zod'

export const HealthSchema = z.object({
  status: z.literal('ok'),
  database: z.object({
    mode: z.enum(['embedded', 'postgres']),
    postgres: z.string(),
    postgis: z.string(),
  }),
  migrations: z.array(z.string()),
  demo: z.boolean(),
})
export type Health = z.infer<typeof HealthSchema>

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
