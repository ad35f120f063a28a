import { z } from 'zod'
import { BBoxParamSchema } from './geo.ts'
import { LabelSchema } from './i18n.ts'

/**
 * The 万米单元网格 (unit grid, GB/T 30428.2) as maps draw it close up: `GET /api/grid?bbox=` answers the
 * cells in a view with their 14-digit codes and the name of the nearest named place (street or town,
 * the rule case addresses use), so a map that has run out of basemap detail still says where it is.
 */

/** Most cells one answer holds (a 4K wall at zoom 16 shows about 900); beyond, `truncated` says so. */
export const MAX_GRID_CELLS = 2_000

/** A cell's code: district (6) + sub-district (3) + community (3) + grid (2). */
export const GridCodeSchema = z.string().regex(/^[0-9]{14}$/, 'must be a 14-digit grid code')

export const GridQuerySchema = z.object({
  bbox: BBoxParamSchema,
})

export const GridCellPropertiesSchema = z.object({
  code: GridCodeSchema,
  /** The nearest named street or town of the basemap, in both languages; null on a basemap without names. */
  place: LabelSchema.nullable(),
})
export type GridCellProperties = z.infer<typeof GridCellPropertiesSchema>

const RingSchema = z.array(z.tuple([z.number(), z.number()])).min(4)

export const GridCellSchema = z.object({
  type: z.literal('Feature'),
  id: GridCodeSchema,
  geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(RingSchema).min(1) }),
  properties: GridCellPropertiesSchema,
})
export type GridCell = z.infer<typeof GridCellSchema>

/** The cells meeting a bbox, in code order; `truncated` when there were more than MAX_GRID_CELLS. */
export const GridCellCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(GridCellSchema),
  numberReturned: z.number().int(),
  truncated: z.boolean(),
})
export type GridCellCollection = z.infer<typeof GridCellCollectionSchema>
