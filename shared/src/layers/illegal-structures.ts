import { z } from 'zod'
import { keysOf, STRUCTURE_STATUSES } from '../enums.ts'
import { defineLayer, legendOf, STAFF_AND_WALL_SCREENS, Timestamp } from './define-layer.ts'

/** 违法建设: illegal structures, from discovery to demolition. */
export const illegalStructures = defineLayer({
  id: 'illegal-structures',
  title: { zh: '违法建设', en: 'Illegal structures' },
  geometryType: 'Polygon',
  properties: z.object({
    status: z.enum(keysOf(STRUCTURE_STATUSES)),
    address: z.string(),
    areaM2: z.number().nonnegative(),
    discoveredAt: Timestamp,
    verifiedAt: Timestamp.nullable(),
    noticeServedAt: Timestamp.nullable(),
    demolishedAt: Timestamp.nullable(),
  }),
  legend: { property: 'status', entries: legendOf(STRUCTURE_STATUSES) },
  readers: STAFF_AND_WALL_SCREENS,
  publicProperties: [],
  temporal: false,
})
