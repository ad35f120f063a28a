import { CASE_STATUSES, EVENT_CLASS_CODES, type BBox, type CaseStatus, type EventClassCode } from '@citygrid/shared'

/** What the case list is narrowed to. Empty strings mean "any". */
export interface CaseFilters {
  status: CaseStatus | ''
  classCode: EventClassCode | ''
  department: string
  overdue: '' | 'true' | 'false'
  /** Open cases only, or every case (a chosen status overrides this). */
  scope: 'open' | 'all'
  /** Only cases inside this box (the live map's last view), or anywhere. */
  bbox: BBox | null
}

export const PAGE_SIZE = 20

export const DEFAULT_FILTERS: Readonly<CaseFilters> = Object.freeze({
  status: '',
  classCode: '',
  department: '',
  overdue: '',
  scope: 'open',
  bbox: null,
})

/** Four decimals (about 10 m) keep URLs short and the box as good as the map it came from. */
const bboxText = (b: BBox) => b.map((n) => Number(n.toFixed(4))).join(',')

function parseBBox(raw: string | undefined): BBox | null {
  if (!raw) return null
  const n = raw.split(',').map(Number)
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) return null
  const [w, s, e, north] = n as BBox
  return w < e && s < north ? [w, s, e, north] : null
}

/** The `GET /api/cases` query string for the filters and a page (0-based). */
export function casesQuery(f: CaseFilters, page: number, pageSize = PAGE_SIZE): string {
  const q = new URLSearchParams()
  if (f.status) q.set('status', f.status)
  // A chosen status already says open or not; sending both could only contradict.
  else if (f.scope === 'open') q.set('open', 'true')
  if (f.classCode) q.set('classCode', f.classCode)
  if (f.department) q.set('department', f.department)
  if (f.overdue) q.set('overdue', f.overdue)
  if (f.bbox) q.set('bbox', bboxText(f.bbox))
  q.set('limit', String(pageSize))
  q.set('offset', String(Math.max(0, Math.floor(page)) * pageSize))
  return q.toString()
}

type RouteQuery = Record<string, string | null | (string | null)[] | undefined>

function one(q: RouteQuery, key: string): string | undefined {
  const v = q[key]
  const s = Array.isArray(v) ? v[0] : v
  return s ?? undefined
}

function oneOf<T extends string>(values: readonly T[], raw: string | undefined): T | undefined {
  return values.find((v) => v === raw)
}

/** The page's URL query for filters and page: only what differs from the defaults, so URLs stay short. */
export function routeQueryOf(f: CaseFilters, page: number): Record<string, string> {
  const q: Record<string, string> = {}
  if (f.status) q.status = f.status
  if (f.classCode) q.classCode = f.classCode
  if (f.department) q.department = f.department
  if (f.overdue) q.overdue = f.overdue
  if (f.scope !== DEFAULT_FILTERS.scope) q.scope = f.scope
  if (f.bbox) q.bbox = bboxText(f.bbox)
  if (page > 0) q.page = String(page + 1)
  return q
}

/** Filters and page back from the URL; anything unknown or malformed falls back to the default. */
export function fromRouteQuery(q: RouteQuery): { filters: CaseFilters; page: number } {
  const page = Number(one(q, 'page'))
  const department = one(q, 'department') ?? ''
  return {
    filters: {
      status: oneOf(CASE_STATUSES, one(q, 'status')) ?? '',
      classCode: oneOf(EVENT_CLASS_CODES, one(q, 'classCode')) ?? '',
      department: /^[a-z0-9_-]{1,32}$/.test(department) ? department : '',
      overdue: oneOf(['true', 'false'] as const, one(q, 'overdue')) ?? '',
      scope: oneOf(['open', 'all'] as const, one(q, 'scope')) ?? DEFAULT_FILTERS.scope,
      bbox: parseBBox(one(q, 'bbox')),
    },
    page: Number.isInteger(page) && page > 1 ? page - 1 : 0,
  }
}
