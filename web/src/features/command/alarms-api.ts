import type { CaseList, CaseSummary } from '@citygrid/shared'
import { fetchCases } from '../../api/cases-api.ts'
import { fetchKpis } from '../../api/kpis-api.ts'
import { isDustAlarm, type AlarmList, type DepartmentRate } from './alarms.ts'

/** What the centre acts on first: the open dust alarms, and the open overdue cases (see AlarmList). */
export async function fetchAlarmList(overdueRows: number): Promise<AlarmList> {
  const [dust, overdue] = await Promise.all([fetchDustAlarms(), fetchOverdue(overdueRows)])
  return { dust, overdue }
}

/** The open overdue cases, the longest overdue first (earliest deadline), `limit` of them, and how many there are. */
function fetchOverdue(limit: number): Promise<CaseList> {
  return fetchCases(`overdue=true&open=true&sort=deadlineAt&limit=${limit}`)
}

/** The list's largest page: far more than the open 0302 cases, people's and sensors', of any county — all of them. */
const OPEN_DUST_CASES = 500

/** The open dust alarms, newest first. */
async function fetchDustAlarms(): Promise<CaseSummary[]> {
  const { items } = await fetchCases(`classCode=0302&open=true&limit=${OPEN_DUST_CASES}`)
  return items.filter(isDustAlarm)
}

/**
 * 按期结案率 and cases due per department, for cases dispatched since `from` (ISO time), in the order the
 * server ranks them (shared rankRows: best first, ties sharing a place, those without a rate last); the
 * total row left out.
 */
export async function fetchDepartmentRates(from: string): Promise<DepartmentRate[]> {
  const rows = await fetchKpis(new URLSearchParams({ by: 'department', rank: 'onTimeRate', from }).toString())
  return rows.flatMap((r) => (r.key === null ? [] : [{ code: r.key, name: r.name ?? r.key, onTimeRate: r.onTimeRate, due: r.due, rank: r.rank }]))
}
