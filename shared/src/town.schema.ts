import { z } from 'zod'
import { BBoxParamSchema, type BBox } from './geo.ts'
import { LabelSchema } from './i18n.ts'

/**
 * Towns (乡镇) as areas, `GET /api/towns`, and the area a wall's figures are narrowed to: `town=` or
 * `bbox=` on `/api/command/summary`, `/api/command/trends` and `/api/kpis`.
 */

/**
 * What a town's name is matched by: without a parenthesised note (`（县城）`, `（示意）`, `(approx.)`),
 * without the trailing 镇, in lower case — so `长赤`, `长赤镇`, `Changchi` and `changchi` name one town.
 * The server (`town=`) and the wall page (`?town=`) both match with this.
 */
export function townNameKey(name: string): string {
  return name
    .replace(/[（(][^（）()]*[）)]/g, '')
    .trim()
    .replace(/镇$/, '')
    .trim()
    .toLowerCase()
}

/** Whether `wanted` names the town called `name` (zh and en: either may be asked for). */
export function namesTown(wanted: string, name: { zh: string; en: string }): boolean {
  const key = townNameKey(wanted)
  return key !== '' && (townNameKey(name.zh) === key || townNameKey(name.en) === key)
}

/** The area query parameters; spread into a route's query object with `oneArea` as its refinement. */
export const AREA_QUERY = {
  /** A town by its Chinese or English name (`townNameKey`); an unknown one is a 400. */
  town: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  /** `minLon,minLat,maxLon,maxLat` in WGS-84. */
  bbox: BBoxParamSchema.optional(),
}

/** Refinement of a query with `AREA_QUERY`: one area at most. */
export function oneArea(q: { town?: string; bbox?: BBox }, ctx: z.RefinementCtx): void {
  if (q.town !== undefined && q.bbox !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['town'], message: 'give either town or bbox, not both' })
  }
}

/** `?town=` or `?bbox=` (not both): the figures are those of what lies inside; neither: the whole county. */
export const AreaQuerySchema = z.object(AREA_QUERY).superRefine(oneArea)
export type AreaQuery = z.output<typeof AreaQuerySchema>

export const TownPropertiesSchema = z.object({
  id: z.number().int(),
  name: LabelSchema,
  /** True for towns derived from the county outline (not a surveyed boundary); false once imported. */
  approximate: z.boolean(),
  /** Where the area came from. */
  source: z.string(),
  /** Open cases inside the town now. */
  openCases: z.number().int(),
  /** Of those, the overdue ones. */
  overdueCases: z.number().int(),
})
export type TownProperties = z.infer<typeof TownPropertiesSchema>

export const TownSchema = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(z.tuple([z.number(), z.number()])))) }),
  properties: TownPropertiesSchema,
})
export type Town = z.infer<typeof TownSchema>

/**
 * `GET /api/towns`: every town, in id order. Derived towns tile the county outline; imported ones are
 * checked to meet it and not to overlap each other (see `pnpm towns:import`).
 */
export const TownCollectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(TownSchema) })
export type TownCollection = z.infer<typeof TownCollectionSchema>
