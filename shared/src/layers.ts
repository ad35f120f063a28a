import { z } from 'zod'
import { LabelSchema, type Label } from './i18n.ts'
import {
  SITE_STATUSES,
  SPACE_STATUSES,
  STRUCTURE_STATUSES,
  VENDING_KINDS,
  type Enumeration,
} from './enums.ts'
import { PM10_BANDS } from './dust.ts'
import { EVENT_CLASSES } from './classes.ts'

export const LAYER_IDS = [
  'vending',
  'illegal-structures',
  'construction-sites',
  'dust-sensors',
  'parking',
  'incidents',
] as const
export type LayerId = (typeof LAYER_IDS)[number]

export function isLayerId(value: string): value is LayerId {
  return (LAYER_IDS as readonly string[]).includes(value)
}

export const LegendEntrySchema = z.object({ value: z.string(), label: LabelSchema, color: z.string() })
export type LegendEntry = z.infer<typeof LegendEntrySchema>

export const LayerInfoSchema = z.object({
  id: z.enum(LAYER_IDS),
  title: LabelSchema,
  geometryType: z.enum(['Point', 'Polygon']),
  /** Which feature property the legend colours by. */
  legendProperty: z.string(),
  legend: z.array(LegendEntrySchema),
  count: z.number().int().nonnegative(),
})
export type LayerInfo = z.infer<typeof LayerInfoSchema>

function legendOf(e: Enumeration<string>): LegendEntry[] {
  return Object.entries(e).map(([value, v]) => ({ value, label: v.label, color: v.color }))
}

/** Static description of each layer; the server adds the live count. */
export const LAYERS: Record<LayerId, Omit<LayerInfo, 'count' | 'id'> & { title: Label }> = {
  vending: {
    title: { zh: '占道经营热点', en: 'Street-vending hotspots' },
    geometryType: 'Point',
    legendProperty: 'kind',
    legend: legendOf(VENDING_KINDS),
  },
  'illegal-structures': {
    title: { zh: '违法建设', en: 'Illegal structures' },
    geometryType: 'Polygon',
    legendProperty: 'status',
    legend: legendOf(STRUCTURE_STATUSES),
  },
  'construction-sites': {
    title: { zh: '建筑工地', en: 'Construction sites' },
    geometryType: 'Polygon',
    legendProperty: 'status',
    legend: legendOf(SITE_STATUSES),
  },
  'dust-sensors': {
    title: { zh: '扬尘监测', en: 'Dust sensors' },
    geometryType: 'Point',
    legendProperty: 'pm10Level',
    legend: PM10_BANDS.map((b, i, all) => ({
      value: String(b.level),
      label: {
        zh: `${b.label.zh} (PM10 ${i === 0 ? 0 : all[i - 1]!.upTo}${Number.isFinite(b.upTo) ? `–${b.upTo}` : '+'})`,
        en: `${b.label.en} (PM10 ${i === 0 ? 0 : all[i - 1]!.upTo}${Number.isFinite(b.upTo) ? `–${b.upTo}` : '+'})`,
      },
      color: b.color,
    })),
  },
  parking: {
    title: { zh: '智慧停车', en: 'Smart parking' },
    geometryType: 'Point',
    legendProperty: 'status',
    legend: legendOf(SPACE_STATUSES),
  },
  incidents: {
    title: { zh: '在办案件', en: 'Open cases' },
    geometryType: 'Point',
    legendProperty: 'classCode',
    legend: Object.entries(EVENT_CLASSES).map(([value, v]) => ({ value, label: v.label, color: v.color })),
  },
}

