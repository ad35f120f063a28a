import { z } from 'zod'
import { keysOf, VENDING_KINDS, VENDING_STATUSES } from '../enums.ts'
import { defineLayer, field, legendOf, STAFF_AND_WALL_SCREENS, Timestamp } from './define-layer.ts'

/** 占道经营: street-vending hotspots, drawn as hexagon bins of their spots. */
export const vending = defineLayer({
  id: 'vending',
  title: { zh: '占道经营热点', en: 'Street-vending hotspots' },
  geometryType: 'Point',
  style: { shape: 'marker', z: 30, radius: { px: 6 }, outline: 'marker', outlinePx: 1.5 },
  properties: z.object({
    kind: field(z.enum(keysOf(VENDING_KINDS)), { zh: '类型', en: 'Kind' }, VENDING_KINDS),
    status: field(z.enum(keysOf(VENDING_STATUSES)), { zh: '状态', en: 'Status' }, VENDING_STATUSES),
    /** "HH:MM-HH:MM" for time-limited stalls, otherwise null. */
    permittedHours: field(z.string().regex(/^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$/).nullable(), { zh: '允许时段', en: 'Permitted hours' }, 'text'),
    street: field(z.string(), { zh: '街道', en: 'Street' }, 'text'),
    town: field(z.string(), { zh: '乡镇', en: 'Town' }, 'text'),
    lastInspectedAt: field(Timestamp.nullable(), { zh: '最近巡查', en: 'Last inspected' }, 'date'),
  }),
  legend: { property: 'kind', entries: legendOf(VENDING_KINDS) },
  readers: STAFF_AND_WALL_SCREENS,
  publicProperties: [],
  temporal: false,
  dense: true,
})
