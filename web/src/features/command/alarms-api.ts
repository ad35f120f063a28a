import type { CaseList, CaseSummary } from '@citygrid/shared'
import { fetchCases } from '../../api/cases-api.ts'
import { fetchKpis } from '../../api/kpis-api.ts'
import { isDustAlarm, type AlarmList, type DepartmentRate } from './alarms.ts'
import { areaBBox, COUNTY_AREA, inArea, withArea, type WallArea } from './wall-area.ts'

/** What the centre acts on first, in the wall's area: the open dust alarms, and the open overdue cases (see AlarmList). */
export async function fetchAlarmList(overdueRows: number, area: WallArea = COUNTY_AREA): Promise<AlarmList> {
  const [dust, overdue] = await Promise.all([fetchDustAlarms(area), fetchOverdue(overdueRows, area)])
  return { dust, overdue }
}

/** The list's largest page. */
const PAGE = 500

/** `GET /api/cases` narrows to a box, not to a town: the area's box, whose cases are then kept to the area. */
function inBox(area: WallArea): string {
  const box = areaBBox(area)
  return box ? `&bbox=${box.join(',')}` : ''
}

const inside = (area: WallArea) => (c: CaseSummary) => inArea(area, c.location.coordinates)

/**
 * The open overdue cases, the longest overdue first (earliest deadline), `limit` of them, and how many
 * there are. The county and a box: as the server counts them. A town: every page of its box, kept to
 * the town, so that the count is the town's.
 */
async function fetchOverdue(limit: number, area: WallArea): Promise<CaseList> {
  const query = `overdue=true&open=true&sort=deadlineAt${inBox(area)}`
  if (area.kind !== 'town') return fetchCases(`${query}&limit=${limit}`)
  const all: CaseSummary[] = []
  for (let offset = 0; ; offset += PAGE) {
    const page = await fetchCases(`${query}&limit=${PAGE}&offset=${offset}`)
    all.push(...page.items)
    if (page.items.length < PAGE || all.length >= page.total) break
  }
  const kept = all.filter(inside(area))
  return { items: kept.slice(0, limit), total: kept.length }
}

/** The list's largest page: far more than the open 0302 cases, people's and sensors', of any county — all of them. */
const OPEN_DUST_CASES = PAGE

/** The open dust alarms in the area, newest first. */
async function fetchDustAlarms(area: WallArea): Promise<CaseSummary[]> {
  const { items } = await fetchCases(`classCode=0302&open=true&limit=${OPEN_DUST_CASES}${inBox(area)}`)
  return items.filter((c) => isDustAlarm(c) && inArea(area, c.location.coordinates))
}

/**
 * 按期结案率 and cases due per department, for cases dispatched since `from` (ISO time) in the area, in
 * the order the server ranks them (shared rankRows: best first, ties sharing a place, those without a
 * rate last); the total row left out.
 */
export async function fetchDepartmentRates(from: string, area: WallArea = COUNTY_AREA): Promise<DepartmentRate[]> {
  const rows = await fetchKpis(withArea(new URLSearchParams({ by: 'department', rank: 'onTimeRate', from }).toString(), area))
  return rows.flatMap((r) => (r.key === null ? [] : [{ code: r.key, name: r.name ?? r.key, onTimeRate: r.onTimeRate, due: r.due, rank: r.rank }]))
}
