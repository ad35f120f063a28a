import { z } from 'zod'
import { keysOf, LOT_KINDS, SPACE_STATUSES } from '../enums.ts'
import { defineLayer, legendOf, STAFF_AND_WALL_SCREENS, Timestamp } from './define-layer.ts'

/** 智慧停车: every parking space with its live status. */
export const parking = defineLayer({
  id: 'parking',
  title: { zh: '智慧停车', en: 'Smart parking' },
  geometryType: 'Point',
  properties: z.object({
    code: z.string(),
    lotId: z.string(),
    lotName: z.string(),
    lotKind: z.enum(keysOf(LOT_KINDS)),
    status: z.enum(keysOf(SPACE_STATUSES)),
    updatedAt: Timestamp,
  }),
  legend: { property: 'status', entries: legendOf(SPACE_STATUSES) },
  readers: STAFF_AND_WALL_SCREENS,
  publicProperties: [],
  temporal: false,
})
