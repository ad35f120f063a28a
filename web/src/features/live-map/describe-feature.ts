import {
  EVENT_CLASSES,
  CASE_SOURCES,
  CASE_STATUS_LABELS,
  LOT_KINDS,
  PM10_BANDS,
  SITE_STATUSES,
  SPACE_STATUSES,
  STRUCTURE_STATUSES,
  VENDING_KINDS,
  VENDING_STATUSES,
  type Label,
  type LayerId,
} from '@citygrid/shared'
import type { FieldName } from '../../i18n/messages.ts'
import { NO_READING_COLOR } from '../../map/colors.ts'

export type RowValue =
  | { type: 'text'; text: string }
  | { type: 'number'; value: number }
  | { type: 'date'; iso: string }
  | { type: 'bool'; value: boolean }
  | { type: 'label'; label: Label; color?: string }

export interface Row {
  field: FieldName
  value: RowValue
}

export const NO_READING_LABEL: Label = { zh: '暂无读数', en: 'No reading yet' }

type Enum = Readonly<Record<string, { label: Label; color: string }>>
type Kind = 'text' | 'number' | 'date' | 'bool' | Enum | 'pm10Level'

/** Which properties each layer's popup shows, in order, and how to read them. */
const FIELDS: Record<LayerId, ReadonlyArray<readonly [FieldName, Kind]>> = {
  vending: [
    ['kind', VENDING_KINDS],
    ['status', VENDING_STATUSES],
    ['permittedHours', 'text'],
    ['street', 'text'],
    ['town', 'text'],
    ['lastInspectedAt', 'date'],
  ],
  'illegal-structures': [
    ['status', STRUCTURE_STATUSES],
    ['address', 'text'],
    ['areaM2', 'number'],
    ['discoveredAt', 'date'],
    ['verifiedAt', 'date'],
    ['noticeServedAt', 'date'],
    ['demolishedAt', 'date'],
  ],
  'construction-sites': [
    ['name', 'text'],
    ['permitNo', 'text'],
    ['developer', 'text'],
    ['status', SITE_STATUSES],
    ['wetWork', 'bool'],
    ['bareSoilCovered', 'bool'],
    ['mistSpraying', 'bool'],
    ['nightWorkPermit', 'bool'],
  ],
  'dust-sensors': [
    ['code', 'text'],
    ['siteName', 'text'],
    ['pm10Level', 'pm10Level'],
    ['pm10', 'number'],
    ['pm25', 'number'],
    ['tsp', 'number'],
    ['noiseDb', 'number'],
    ['readAt', 'date'],
  ],
  parking: [
    ['code', 'text'],
    ['lotName', 'text'],
    ['lotKind', LOT_KINDS],
    ['status', SPACE_STATUSES],
    ['updatedAt', 'date'],
  ],
  incidents: [
    ['title', 'text'],
    ['classCode', EVENT_CLASSES],
    ['status', CASE_STATUS_LABELS],
    ['source', CASE_SOURCES],
    ['reportedAt', 'date'],
  ],
}

function read(kind: Kind, raw: unknown): RowValue | null {
  if (kind === 'pm10Level') {
    const band = PM10_BANDS.find((b) => b.level === raw)
    return band ? { type: 'label', label: band.label, color: band.color } : { type: 'label', label: NO_READING_LABEL, color: NO_READING_COLOR }
  }
  if (raw === null || raw === undefined || raw === '') return null
  switch (kind) {
    case 'text':
      return { type: 'text', text: String(raw) }
    case 'number':
      return typeof raw === 'number' ? { type: 'number', value: raw } : { type: 'text', text: String(raw) }
    case 'date':
      return { type: 'date', iso: String(raw) }
    case 'bool':
      return { type: 'bool', value: raw === true }
    default: {
      const entry = kind[String(raw)]
      return entry ? { type: 'label', label: entry.label, color: entry.color } : { type: 'text', text: String(raw) }
    }
  }
}

/** The popup rows for a feature: known fields only, in a fixed order, empty values left out. */
export function describeFeature(layer: LayerId, properties: Record<string, unknown>): Row[] {
  const rows: Row[] = []
  for (const [field, kind] of FIELDS[layer]) {
    const value = read(kind, properties[field])
    if (value) rows.push({ field, value })
  }
  return rows
}
