import { z } from 'zod'
import { LabelSchema, type Label } from '../i18n.ts'
import { GEOMETRY_TYPES, LegendEntrySchema } from './define-layer.ts'
import { vending } from './vending.ts'
import { illegalStructures } from './illegal-structures.ts'
import { constructionSites } from './construction-sites.ts'
import { dustSensors } from './dust-sensors.ts'
import { parking } from './parking.ts'
import { openCases } from './cases.ts'
import { sanitationFacilities } from './sanitation-facilities.ts'

export * from './define-layer.ts'
export { SANITATION_FACILITY_KINDS, SANITATION_FACILITY_STATUSES } from './sanitation-facilities.ts'

/** Every map layer, in the order the layer panel and GET /api/layers list them. A new layer is one file here and one line below. */
export const LAYER_REGISTRY = [vending, illegalStructures, constructionSites, sanitationFacilities, dustSensors, parking, openCases] as const

type Registry = (typeof LAYER_REGISTRY)[number]
export type LayerId = Registry['id']
export const LAYER_IDS = LAYER_REGISTRY.map((l) => l.id) as [LayerId, ...LayerId[]]

export function isLayerId(value: string): value is LayerId {
  return (LAYER_IDS as readonly string[]).includes(value)
}

/** Old layer names still answered (deprecated): `incidents` is `cases`. */
export const LAYER_ALIASES = { incidents: 'cases' } as const satisfies Record<string, LayerId>

/** The layer a name in a URL or a subscription means: its id, or an old name of it; null for neither. */
export function resolveLayerId(name: string): LayerId | null {
  if (isLayerId(name)) return name
  return Object.hasOwn(LAYER_ALIASES, name) ? LAYER_ALIASES[name as keyof typeof LAYER_ALIASES] : null
}

/** The definition of layer `id`. */
export const LAYER_DEFINITIONS = Object.fromEntries(LAYER_REGISTRY.map((l) => [l.id, l])) as {
  [L in Registry as L['id']]: L
}

/** Properties of each layer's features, as `GET /api/layers/:layer/features` returns them: from the definitions' schemas. */
export type LayerProperties = { [L in Registry as L['id']]: z.infer<L['properties']> }
export type PropertiesOf<L extends LayerId> = LayerProperties[L]

export const LayerInfoSchema = z.object({
  id: z.enum(LAYER_IDS),
  title: LabelSchema,
  geometryType: z.enum(GEOMETRY_TYPES),
  /** Which feature property the legend colours by. */
  legendProperty: z.string(),
  legend: z.array(LegendEntrySchema),
  count: z.number().int().nonnegative(),
  /**
   * How the map gets the layer: null, its features whole (GeoJSON pages); else its vector tiles
   * (`/tiles/{id}/{z}/{x}/{y}.mvt`), whose features carry their id in the property `idProperty` (text
   * ids, which vector tiles cannot hold as ids) or, where that is null, as the tile feature's id.
   */
  tiles: z.object({ idProperty: z.string().nullable() }).nullable(),
})
export type LayerInfo = z.infer<typeof LayerInfoSchema>

/** What `GET /api/layers` says of each layer beside its live count. */
export const LAYERS = Object.fromEntries(
  LAYER_REGISTRY.map((l) => [
    l.id,
    { title: l.title, geometryType: l.geometryType, legendProperty: l.legend.property, legend: l.legend.entries },
  ]),
) as Record<LayerId, Omit<LayerInfo, 'count' | 'id' | 'tiles'> & { title: Label }>
