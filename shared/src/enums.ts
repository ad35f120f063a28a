import type { Label } from './i18n.ts'

/** An enumeration whose values carry a label and a map colour, in one place for SQL checks, API and legend. */
export type Enumeration<K extends string> = Readonly<Record<K, { label: Label; color: string }>>

export function keysOf<K extends string>(e: Enumeration<K>): [K, ...K[]] {
  return Object.keys(e) as [K, ...K[]]
}

export const VENDING_KINDS = {
  banned_stall: { label: { zh: '禁止占道经营', en: 'Banned stall' }, color: '#f03e3e' },
  time_limited_stall: { label: { zh: '限时经营摊点', en: 'Time-limited stall' }, color: '#fab005' },
  storefront_overflow: { label: { zh: '骑门占道经营', en: 'Storefront overflow' }, color: '#e64980' },
  canopy: { label: { zh: '撑杆搭棚', en: 'Poles and canopies' }, color: '#be4bdb' },
  small_ads: { label: { zh: '小广告', en: 'Small ads' }, color: '#7950f2' },
} as const satisfies Enumeration<string>
export type VendingKind = keyof typeof VENDING_KINDS

export const VENDING_STATUSES = {
  active: { label: { zh: '存在', en: 'Active' }, color: '#f03e3e' },
  rectifying: { label: { zh: '整改中', en: 'Being rectified' }, color: '#fab005' },
  cleared: { label: { zh: '已清理', en: 'Cleared' }, color: '#40c057' },
} as const satisfies Enumeration<string>
export type VendingStatus = keyof typeof VENDING_STATUSES

export const STRUCTURE_STATUSES = {
  discovered: { label: { zh: '已发现', en: 'Discovered' }, color: '#fa5252' },
  verified: { label: { zh: '已核实', en: 'Verified' }, color: '#fd7e14' },
  notice_served: { label: { zh: '已送达通知', en: 'Notice served' }, color: '#fcc419' },
  demolished: { label: { zh: '已拆除', en: 'Demolished' }, color: '#51cf66' },
} as const satisfies Enumeration<string>
export type StructureStatus = keyof typeof STRUCTURE_STATUSES

export const SITE_STATUSES = {
  planned: { label: { zh: '待开工', en: 'Planned' }, color: '#74c0fc' },
  active: { label: { zh: '施工中', en: 'Under construction' }, color: '#fd7e14' },
  suspended: { label: { zh: '停工', en: 'Suspended' }, color: '#fa5252' },
  completed: { label: { zh: '已竣工', en: 'Completed' }, color: '#adb5bd' },
} as const satisfies Enumeration<string>
export type SiteStatus = keyof typeof SITE_STATUSES

/** Parking space status, normalised from vendor codes to the FIWARE ParkingSpot set. */
export const SPACE_STATUSES = {
  free: { label: { zh: '空闲', en: 'Free' }, color: '#40c057' },
  occupied: { label: { zh: '占用', en: 'Occupied' }, color: '#fa5252' },
  closed: { label: { zh: '关闭', en: 'Closed' }, color: '#868e96' },
  unknown: { label: { zh: '未知', en: 'Unknown' }, color: '#ced4da' },
} as const satisfies Enumeration<string>
export type SpaceStatus = keyof typeof SPACE_STATUSES

export const LOT_KINDS = {
  on_street: { label: { zh: '路边停车', en: 'On-street' }, color: '#339af0' },
  off_street: { label: { zh: '停车场', en: 'Off-street' }, color: '#1864ab' },
} as const satisfies Enumeration<string>
export type LotKind = keyof typeof LOT_KINDS

/** How a lot's free spaces are counted: from its spaces' sensors, or reported whole by a barrier system. */
export const LOT_COUNTINGS = ['spaces', 'barrier'] as const
export type LotCounting = (typeof LOT_COUNTINGS)[number]

/** Where a case came from (案件来源). */
export const CASE_SOURCES = {
  citizen: { label: { zh: '公众举报', en: 'Citizen' }, color: '#339af0' },
  hotline: { label: { zh: '热线(12345/12319)', en: 'Hotline' }, color: '#22b8cf' },
  inspector: { label: { zh: '监督员上报', en: 'Inspector' }, color: '#20c997' },
  sensor: { label: { zh: '传感器告警', en: 'Sensor alarm' }, color: '#f08c00' },
  video: { label: { zh: '视频发现', en: 'Video' }, color: '#845ef7' },
  assigned: { label: { zh: '上级交办', en: 'Assigned from above' }, color: '#e64980' },
  /** 投诉举报信访: taken in by the command center with a reply duty (complaint.ts); never public. */
  complaint: { label: { zh: '投诉举报信访', en: 'Complaint' }, color: '#d6336c' },
} as const satisfies Enumeration<string>
export type CaseSource = keyof typeof CASE_SOURCES
