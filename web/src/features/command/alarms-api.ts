import { DustAlarmSchema, type CaseList, type DustAlarm } from '@citygrid/shared'
import { fetchCases } from '../../api/cases-api.ts'
import { requestJson } from '../../api/http.ts'
import { fetchKpis } from '../../api/kpis-api.ts'
import type { AlarmList, DepartmentRate } from './alarms.ts'
import { areaQuery, COUNTY_AREA, withArea, type WallArea } from './wall-area.ts'

/** What the centre acts on first, in the wall's area (the server narrows both lists to it): the active dust alarms, and the open overdue cases (see AlarmList). */
export async function fetchAlarmList(overdueRows: number, area: WallArea = COUNTY_AREA): Promise<AlarmList> {
  const [dust, overdue] = await Promise.all([fetchDustAlarms(area), fetchOverdue(overdueRows, area)])
  return { dust, overdue }
}

/** The open overdue cases in the area, the longest overdue first (earliest deadline), `limit` of them, and how many there are. */
function fetchOverdue(limit: number, area: WallArea): Promise<CaseList> {
  return fetchCases(withArea(`overdue=true&open=true&sort=deadlineAt&limit=${limit}`, area))
}

/** The active dust alarms of the sites in the area, newest first (alarms, not the cases they opened). */
function fetchDustAlarms(area: WallArea): Promise<DustAlarm[]> {
  const query = areaQuery(area)
  return requestJson(`/api/dust/alarms${query ? `?${query}` : ''}`, { schema: DustAlarmSchema.array() })
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
