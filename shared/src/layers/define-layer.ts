import { z } from 'zod'
import { LabelSchema, type Label } from '../i18n.ts'
import type { Enumeration } from '../enums.ts'
import type { Role } from '../workflow.ts'

export const LegendEntrySchema = z.object({ value: z.string(), label: LabelSchema, color: z.string() })
export type LegendEntry = z.infer<typeof LegendEntrySchema>

/** Who may read a layer: a role, or a wall screen (display). */
export type LayerReader = Role | 'display'

/** Every signed-in reader: all staff roles and the wall screens. */
export const STAFF_AND_WALL_SCREENS: readonly LayerReader[] = ['admin', 'supervisor', 'operator', 'inspector', 'department', 'display']

export const GEOMETRY_TYPES = ['Point', 'Polygon'] as const
export type GeometryType = (typeof GEOMETRY_TYPES)[number]

/**
 * A map layer, said once, as plain data: what the server's outputs (features, counts, legends, the API
 * document) and the web (drawing, popups, labels) read. Its server side is its SQL
 * (server/src/layers/sql/<id>.sql) and one registry line.
 */
export interface LayerDefinition<Id extends string = string, P extends z.ZodRawShape = z.ZodRawShape> {
  id: Id
  title: Label
  geometryType: GeometryType
  /** The properties of each feature: the one source of their type, their API schema and their popup rows. */
  properties: z.ZodObject<P>
  /** Which property the legend colours by, and its entries. */
  legend: { property: keyof P & string; entries: LegendEntry[] }
  /** Who may read the layer: roles, and wall screens (display). */
  readers: readonly LayerReader[]
  /** Properties a reader without sign-in may see (none: the layer is for staff only). */
  publicProperties: readonly (keyof P & string)[]
  /** Whether its features change over time in a way the wall's playback replays. */
  temporal: boolean
}

export function defineLayer<const Id extends string, P extends z.ZodRawShape>(d: LayerDefinition<Id, P>): LayerDefinition<Id, P> {
  return d
}

/** Legend entries of an enumeration: each value with its label and colour. */
export function legendOf(e: Enumeration<string>): LegendEntry[] {
  return Object.entries(e).map(([value, v]) => ({ value, label: v.label, color: v.color }))
}

/** A timestamp as PostgreSQL's JSON writes it: ISO 8601 with an offset. */
export const Timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:\d{2})?|Z)$/, 'must be an ISO 8601 time with an offset')
