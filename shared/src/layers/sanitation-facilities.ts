import { z } from 'zod'
import { keysOf, type Enumeration } from '../enums.ts'
import { defineLayer, field, legendOf, STAFF_AND_WALL_SCREENS } from './define-layer.ts'

/** Kinds of sanitation facility, as the bureau's report counts them. */
export const SANITATION_FACILITY_KINDS = {
  transfer_station: { label: { zh: '垃圾中转站', en: 'Transfer station' }, color: '#2b8a3e' },
  compactor_box: { label: { zh: '垃圾压缩箱', en: 'Compactor box' }, color: '#1098ad' },
  hook_lift_box: { label: { zh: '勾臂式垃圾箱', en: 'Hook-lift box' }, color: '#5c940d' },
  sorting_point: { label: { zh: '垃圾分类投放点', en: 'Sorting drop-off point' }, color: '#7048e8' },
} as const satisfies Enumeration<string>

export const SANITATION_FACILITY_STATUSES = {
  in_service: { label: { zh: '运行', en: 'In service' }, color: '#2f9e44' },
  maintenance: { label: { zh: '检修', en: 'Under maintenance' }, color: '#f59f00' },
  out_of_service: { label: { zh: '停用', en: 'Out of service' }, color: '#868e96' },
} as const satisfies Enumeration<string>

/** 环卫设施: garbage transfer stations, compactor and hook-lift boxes, sorting drop-off points. */
export const sanitationFacilities = defineLayer({
  id: 'sanitation-facilities',
  title: { zh: '环卫设施', en: 'Sanitation facilities' },
  geometryType: 'Point',
  style: { shape: 'marker', z: 45, radius: { px: 7 }, outline: 'marker', outlinePx: 1.5 },
  properties: z.object({
    code: field(z.string(), { zh: '编号', en: 'Code' }, 'text'),
    name: field(z.string(), { zh: '名称', en: 'Name' }, 'text'),
    kind: field(z.enum(keysOf(SANITATION_FACILITY_KINDS)), { zh: '类型', en: 'Kind' }, SANITATION_FACILITY_KINDS),
    status: field(z.enum(keysOf(SANITATION_FACILITY_STATUSES)), { zh: '状态', en: 'Status' }, SANITATION_FACILITY_STATUSES),
    /** Tonnes a day for a transfer station, tonnes a load for a box; null for a drop-off point. */
    capacityTonnes: field(z.number().positive().nullable(), { zh: '容量（吨）', en: 'Capacity (t)' }, 'number'),
    street: field(z.string(), { zh: '街道', en: 'Street' }, 'text'),
    town: field(z.string(), { zh: '乡镇', en: 'Town' }, 'text'),
  }),
  legend: { property: 'kind', entries: legendOf(SANITATION_FACILITY_KINDS) },
  readers: STAFF_AND_WALL_SCREENS,
  publicProperties: [],
  temporal: false,
})
