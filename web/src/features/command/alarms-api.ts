import type { CaseList, CaseSummary } from '@citygrid/shared'
import { fetchCases } from '../../api/cases-api.ts'
import { fetchKpis } from '../../api/kpis-api.ts'
import { isDustAlarm, type AlarmList, type DepartmentRate } from './alarms.ts'
import { COUNTY_AREA, withArea, type WallArea } from './wall-area.ts'

/** What the centre acts on first, in the wall's area (the server narrows `GET /api/cases` to it): the open dust alarms, and the open overdue cases (see AlarmList). */
export async function fetchAlarmList(overdueRows: number, area: WallArea = COUNTY_AREA): Promise<AlarmList> {
  const [dust, overdue] = await Promise.all([fetchDustAlarms(area), fetchOverdue(overdueRows, area)])
  return { dust, overdue }
}

/** The list's largest page: far more than the open 0302 cases, people's and sensors', of any county — all of them. */
const OPEN_DUST_CASES = 500

/** The open overdue cases in the area, the longest overdue first (earliest deadline), `limit` of them, and how many there are. */
function fetchOverdue(limit: number, area: WallArea): Promise<CaseList> {
  return fetchCases(withArea(`overdue=true&open=true&sort=deadlineAt&limit=${limit}`, area))
}

/** The open dust alarms in the area, newest first. */
async function fetchDustAlarms(area: WallArea): Promise<CaseSummary[]> {
  const { items } = await fetchCases(withArea(`classCode=0302&open=true&limit=${OPEN_DUST_CASES}`, area))
  return items.filter(isDustAlarm)
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
