import type { EventClassCode } from './classes.ts'
import type { CaseStatus } from './workflow.ts'
import type {
  CaseSource,
  LotKind,
  SiteStatus,
  SpaceStatus,
  StructureStatus,
  VendingKind,
  VendingStatus,
} from './enums.ts'
import type { LayerId } from './layers.ts'

/** Properties of each layer's features, as `GET /api/layers/:layer/features` returns them. */
export interface LayerProperties {
  vending: {
    kind: VendingKind
    status: VendingStatus
    /** "HH:MM-HH:MM" for time-limited stalls, otherwise null. */
    permittedHours: string | null
    street: string
    town: string
    lastInspectedAt: string | null
  }
  'illegal-structures': {
    status: StructureStatus
    address: string
    areaM2: number
    discoveredAt: string
    verifiedAt: string | null
    noticeServedAt: string | null
    demolishedAt: string | null
  }
  'construction-sites': {
    name: string
    permitNo: string
    developer: string
    status: SiteStatus
    wetWork: boolean
    bareSoilCovered: boolean
    mistSpraying: boolean
    nightWorkPermit: boolean
  }
  'dust-sensors': {
    code: string
    siteId: number | null
    siteName: string | null
    pm10: number | null
    pm25: number | null
    tsp: number | null
    noiseDb: number | null
    readAt: string | null
    /** AQI band level 1..6 of the latest PM10, 0 before the first reading. */
    pm10Level: number
  }
  parking: {
    code: string
    lotId: string
    lotName: string
    lotKind: LotKind
    status: SpaceStatus
    updatedAt: string
  }
  incidents: {
    classCode: EventClassCode
    title: string
    status: CaseStatus
    source: CaseSource
    reportedAt: string
  }
}
export type PropertiesOf<L extends LayerId> = LayerProperties[L]
