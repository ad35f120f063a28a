import {
  CASE_SORTS,
  CASE_STATUSES,
  EVENT_CLASS_CODES,
  type BBox,
  type CaseExportFormat,
  type CaseSort,
  type CaseSortKey,
  type CaseStatus,
  type EventClassCode,
} from '@citygrid/shared'

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
  /** A case number (whole or in part) or words of the title, description or address. */
  q: string
  /** A unit-grid cell's code. */
  grid: string
  /** Reported from this county date, up to the end of `to` (YYYY-MM-DD each, or empty). */
  from: string
  to: string
  sort: CaseSort
}

export const PAGE_SIZE = 20

export const DEFAULT_FILTERS: Readonly<CaseFilters> = Object.freeze({
  status: '',
  classCode: '',
  department: '',
  overdue: '',
  scope: 'open',
  bbox: null,
  q: '',
  grid: '',
  from: '',
  to: '',
  sort: '-reportedAt',
})

const DATE = /^\d{4}-\d{2}-\d{2}$/
const GRID = /^\d{14}$/

/** Four decimals (about 10 m) keep URLs short and the box as good as the map it came from. */
const bboxText = (b: BBox) => b.map((n) => Number(n.toFixed(4))).join(',')

function parseBBox(raw: string | undefined): BBox | null {
  if (!raw) return null
  const n = raw.split(',').map(Number)
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) return null
  const [w, s, e, north] = n as BBox
  return w < e && s < north ? [w, s, e, north] : null
}

/** The API's search parameters for the filters (the list's and the export's). */
function searchParams(f: CaseFilters): URLSearchParams {
  const q = new URLSearchParams()
  if (f.status) q.set('status', f.status)
  // A chosen status already says open or not; sending both could only contradict.
  else if (f.scope === 'open') q.set('open', 'true')
  if (f.classCode) q.set('classCode', f.classCode)
  if (f.department) q.set('department', f.department)
  if (f.overdue) q.set('overdue', f.overdue)
  if (f.bbox) q.set('bbox', bboxText(f.bbox))
  if (f.q.trim()) q.set('q', f.q.trim())
  if (GRID.test(f.grid)) q.set('grid', f.grid)
  if (DATE.test(f.from)) q.set('from', f.from)
  if (DATE.test(f.to)) q.set('to', f.to)
  if (f.sort !== DEFAULT_FILTERS.sort) q.set('sort', f.sort)
  return q
}

/** Where the filtered list downloads as a file (every matching case, in the list's order). */
export function exportUrl(f: CaseFilters, format: CaseExportFormat): string {
  const q = searchParams(f)
  q.set('format', format)
  return `/api/cases/export?${q.toString()}`
}

/** The `GET /api/cases` query string for the filters and a page (0-based). */
export function casesQuery(f: CaseFilters, page: number, pageSize = PAGE_SIZE): string {
  const q = searchParams(f)
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
  if (f.q.trim()) q.q = f.q.trim()
  if (f.grid) q.grid = f.grid
  if (f.from) q.from = f.from
  if (f.to) q.to = f.to
  if (f.sort !== DEFAULT_FILTERS.sort) q.sort = f.sort
  if (page > 0) q.page = String(page + 1)
  return q
}

/** The same column again flips the order; another column starts in the direction it reads best (newest, soonest, first). */
export function nextSort(current: CaseSort, key: CaseSortKey): CaseSort {
  if (current === key) return `-${key}`
  if (current === `-${key}`) return key
  return key === 'reportedAt' || key === 'updatedAt' ? `-${key}` : key
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
      q: (one(q, 'q') ?? '').slice(0, 100),
      grid: GRID.test(one(q, 'grid') ?? '') ? one(q, 'grid')! : '',
      from: DATE.test(one(q, 'from') ?? '') ? one(q, 'from')! : '',
      to: DATE.test(one(q, 'to') ?? '') ? one(q, 'to')! : '',
      sort: oneOf(CASE_SORTS, one(q, 'sort')) ?? DEFAULT_FILTERS.sort,
    },
    page: Number.isInteger(page) && page > 1 ? page - 1 : 0,
  }
}
