import { z } from 'zod'
import { keysOf, LOT_KINDS, SPACE_STATUSES } from '../enums.ts'
import { defineLayer, field, legendOf, STAFF_AND_WALL_SCREENS, Timestamp } from './define-layer.ts'

/** 智慧停车: every parking space with its live status. */
export const parking = defineLayer({
  id: 'parking',
  title: { zh: '智慧停车', en: 'Smart parking' },
  geometryType: 'Point',
  style: { shape: 'marker', z: 40, radius: { m: 2.5, minPx: 3, maxPx: 14 }, outline: 'marker', outlinePx: 0.75 },
  properties: z.object({
    code: field(z.string(), { zh: '编号', en: 'Code' }, 'text'),
    lotId: field(z.string(), { zh: '停车场编号', en: 'Lot id' }, 'hidden'),
    lotName: field(z.string(), { zh: '停车场', en: 'Lot' }, 'text'),
    lotKind: field(z.enum(keysOf(LOT_KINDS)), { zh: '停车类型', en: 'Lot kind' }, LOT_KINDS),
    status: field(z.enum(keysOf(SPACE_STATUSES)), { zh: '状态', en: 'Status' }, SPACE_STATUSES),
    updatedAt: field(Timestamp, { zh: '更新时间', en: 'Updated' }, 'date'),
  }),
  legend: { property: 'status', entries: legendOf(SPACE_STATUSES) },
  readers: STAFF_AND_WALL_SCREENS,
  publicProperties: [],
  temporal: false,
  dense: true,
})
