import { z } from 'zod'
import { keysOf, STRUCTURE_STATUSES } from '../enums.ts'
import { defineLayer, field, legendOf, STAFF_AND_WALL_SCREENS, Timestamp } from './define-layer.ts'

/** 违法建设: illegal structures, from discovery to demolition. */
export const illegalStructures = defineLayer({
  id: 'illegal-structures',
  title: { zh: '违法建设', en: 'Illegal structures' },
  geometryType: 'Polygon',
  style: { shape: 'area', z: 20, fillAlpha: 150, outlinePx: 1.5 },
  properties: z.object({
    status: field(z.enum(keysOf(STRUCTURE_STATUSES)), { zh: '状态', en: 'Status' }, STRUCTURE_STATUSES),
    address: field(z.string(), { zh: '地址', en: 'Address' }, 'text'),
    areaM2: field(z.number().nonnegative(), { zh: '面积（㎡）', en: 'Area (m²)' }, 'number'),
    discoveredAt: field(Timestamp, { zh: '发现时间', en: 'Discovered' }, 'date'),
    verifiedAt: field(Timestamp.nullable(), { zh: '核实时间', en: 'Verified' }, 'date'),
    noticeServedAt: field(Timestamp.nullable(), { zh: '通知送达', en: 'Notice served' }, 'date'),
    demolishedAt: field(Timestamp.nullable(), { zh: '拆除时间', en: 'Demolished' }, 'date'),
  }),
  legend: { property: 'status', entries: legendOf(STRUCTURE_STATUSES) },
  readers: STAFF_AND_WALL_SCREENS,
  publicProperties: [],
  temporal: false,
})
