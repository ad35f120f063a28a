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
 * How the map draws a point layer: round markers filled with each feature's legend colour. `z` is the
 * drawing order, bottom first (the map's own overlays sit between: patrol zones at 0, place names at 35).
 */
export interface MarkerStyle {
  shape: 'marker'
  z: number
  /** Fixed screen pixels, or metres on the ground kept within pixel bounds (a car's width at street zoom). */
  radius: { px: number } | { m: number; minPx: number; maxPx: number }
  /** Which of the theme's outline colours rings a marker (the sensor ring stands out from the rest), and its width in pixels. */
  outline: 'marker' | 'sensor'
  outlinePx: number
}

/** How the map draws a polygon layer: filled with each feature's legend colour at `fillAlpha` (0–255), outlined in it. */
export interface AreaStyle {
  shape: 'area'
  z: number
  fillAlpha: number
  outlinePx: number
}

/** The style a geometry type is drawn with. */
export type StyleOf<G extends GeometryType> = G extends 'Point' ? MarkerStyle : AreaStyle

/**
 * A map layer, said once, as plain data: what the server's outputs (features, counts, legends, the API
 * document) and the web (drawing, popups, labels) read. Its server side is its SQL
 * (server/src/layers/sql/<id>.sql) and one registry line.
 */
export interface LayerDefinition<Id extends string = string, P extends z.ZodRawShape = z.ZodRawShape, G extends GeometryType = GeometryType> {
  id: Id
  title: Label
  geometryType: G
  /** How the map draws it (the web's default builder for its geometry type reads this). */
  style: StyleOf<G>
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
  /**
   * Too many features to hand a browser whole (a county's parking spaces, its stalls): the map always
   * draws it from its vector tiles. Any other layer is drawn from tiles once it holds more than the
   * server's TILES_FROM_FEATURES (`LayerInfo.tiles`).
   */
  dense?: boolean
  /**
   * On a temporal layer, the property (a timestamp) that is each feature's time: what the OGC API's
   * `datetime` filters on and its temporal extent spans. Every temporal layer names one.
   */
  timeProperty?: keyof P & string
}

/**
 * How a popup shows a property: as text, a number, a time, yes/no, its entry of the layer's legend
 * (label and colour), or an enumeration's label and colour.
 */
export type FieldDisplay = 'text' | 'number' | 'date' | 'bool' | 'legend' | Enumeration<string>

/** What a layer's schema says of each property beyond its type: its label, and how (or whether) a popup shows it. */
export interface FieldMeta {
  label: Label
  display: FieldDisplay | 'hidden'
}

/** The label and display of every layer property, keyed by its schema (see `field`). */
export const LAYER_FIELDS = z.registry<FieldMeta>()

/** A layer property: its schema, labelled, with how a popup shows it. */
export function field<T extends z.ZodType>(schema: T, label: Label, display: FieldMeta['display']): T {
  const own = schema.clone() as T // a schema of its own: shared ones (an enum, Timestamp) carry no layer's label
  LAYER_FIELDS.add(own, { label, display })
  return own
}

/** A layer's popup rows, in the schema's order: each shown property with its label and display. */
export function popupFields(layer: Pick<LayerDefinition, 'id' | 'properties'>): { name: string; label: Label; display: FieldDisplay }[] {
  return Object.entries(layer.properties.shape).flatMap(([name, schema]) => {
    const meta = LAYER_FIELDS.get(schema as z.ZodType)
    if (!meta) throw new Error(`layer ${layer.id}: property ${name} has no label (define it with field())`)
    return meta.display === 'hidden' ? [] : [{ name, label: meta.label, display: meta.display }]
  })
}

export function defineLayer<const Id extends string, P extends z.ZodRawShape, G extends GeometryType>(
  d: LayerDefinition<Id, P, G>,
): LayerDefinition<Id, P, G> {
  return d
}

/** The legend entry of a feature's properties (the value of the legend property), if the legend has one. */
export function legendEntryOf(layer: Pick<LayerDefinition, 'legend'>, properties: Readonly<Record<string, unknown>>): LegendEntry | undefined {
  const value = properties[layer.legend.property]
  return value === null || value === undefined ? undefined : layer.legend.entries.find((e) => e.value === String(value))
}

/** Legend entries of an enumeration: each value with its label and colour. */
export function legendOf(e: Enumeration<string>): LegendEntry[] {
  return Object.entries(e).map(([value, v]) => ({ value, label: v.label, color: v.color }))
}

/** A timestamp as PostgreSQL's JSON writes it: ISO 8601 with an offset. */
export const Timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:\d{2})?|Z)$/, 'must be an ISO 8601 time with an offset')
