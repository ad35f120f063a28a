import { z } from 'zod'
import { keysOf, VENDING_KINDS, VENDING_STATUSES } from '../enums.ts'
import { defineLayer, legendOf, STAFF_AND_WALL_SCREENS, Timestamp } from './define-layer.ts'

/** 占道经营: street-vending hotspots, drawn as hexagon bins of their spots. */
export const vending = defineLayer({
  id: 'vending',
  title: { zh: '占道经营热点', en: 'Street-vending hotspots' },
  geometryType: 'Point',
  properties: z.object({
    kind: z.enum(keysOf(VENDING_KINDS)),
    status: z.enum(keysOf(VENDING_STATUSES)),
    /** "HH:MM-HH:MM" for time-limited stalls, otherwise null. */
    permittedHours: z.string().regex(/^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$/).nullable(),
    street: z.string(),
    town: z.string(),
    lastInspectedAt: Timestamp.nullable(),
  }),
  legend: { property: 'kind', entries: legendOf(VENDING_KINDS) },
  readers: STAFF_AND_WALL_SCREENS,
  publicProperties: [],
  temporal: false,
})
