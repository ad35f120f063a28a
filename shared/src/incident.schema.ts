import { z } from 'zod'
import { EVENT_CLASS_CODES } from './classes.ts'
import { COORD_SYSTEMS, PointSchema } from './geo.ts'
import { INCIDENT_SOURCES, INCIDENT_STATUSES, keysOf } from './enums.ts'

export const IncidentSourceSchema = z.enum(keysOf(INCIDENT_SOURCES))
export const IncidentStatusSchema = z.enum(keysOf(INCIDENT_STATUSES))
export const EventClassCodeSchema = z.enum(EVENT_CLASS_CODES)

/** Body of `POST /api/incidents`. */
export const IncidentCreateSchema = z
  .object({
    classCode: EventClassCodeSchema,
    title: z.string().trim().min(1, 'must not be empty').max(200),
    description: z.string().trim().max(4000).default(''),
    /** Optional: who reports decides the source; a client may only name the one its role allows. */
    source: IncidentSourceSchema.optional(),
    location: PointSchema,
    coordSys: z.enum(COORD_SYSTEMS).default('wgs84'),
  })
  .strict()
export type IncidentCreate = z.input<typeof IncidentCreateSchema>

export const IncidentSchema = z.object({
  id: z.number().int(),
  classCode: EventClassCodeSchema,
  title: z.string(),
  description: z.string(),
  source: IncidentSourceSchema,
  status: IncidentStatusSchema,
  location: PointSchema,
  reportedAt: z.string(),
  updatedAt: z.string(),
})
export type Incident = z.infer<typeof IncidentSchema>

export const IncidentListQuerySchema = z.object({
  since: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
})
