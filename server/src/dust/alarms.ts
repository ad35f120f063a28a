import { DUST_METRICS, localDate, type CaseSummary } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'
import type { CaseRules } from '../cases/case-change.ts'
import { reportCaseIn } from '../cases/report.ts'
import type { AlarmSuspect } from './dust.repository.ts'
import {
  alarmEvents,
  attachAlarm,
  clearCalmAlarms,
  emitAlarmEvents,
  insertAlarm,
  noisySites,
  openSiteCase,
  ruleOf,
  siteNameAndPoint,
  lockSites,
  trippedRules,
  type AlarmEvent,
  type TrippedRule,
} from './alarms.repository.ts'

const HOUR = 3_600_000

/** Start of the local day (in the work calendar's time zone) that `t` falls in. */
function localDayStart(rules: CaseRules, t: Date): Date {
  const offsetMs = rules.calendar.timeZoneOffsetMinutes * 60_000
  return new Date(Date.parse(`${localDate(rules.calendar, t)}T00:00:00Z`) - offsetMs)
}

/**
 * The sensor alarms of the sites whose sensors just reported, evaluated in the ingest transaction,
 * each site at the device time of its newest reading (dust/alarms.repository.ts holds the SQL), only at the
 * sites where the readings may change something (`suspects`, which storing the readings named: an
 * active alarm, a value above a limit, minute data; most batches have none, and cost nothing here):
 * 1. the sites' active dust alarms whose window means stayed calm long enough clear;
 * 2. every enabled dust rule that applies to a site (by its phase) and trips on the local day of `at`
 *    becomes the site's alarm for that rule; the site's open 0302 工地扬尘 case takes it, or a new
 *    one is opened for it (source `sensor`, reported at `at`);
 * 3. at night (22:00–06:00 local), a site without a night-work permit whose noise had a 5-minute mean
 *    above the limit gets a 0301 施工扰民 case, unless one is open.
 * Alarms trip and clear as `dust.alarm` events. Returns the cases opened.
 */
export async function raiseDustAlarms(tx: Queryable, rules: CaseRules, suspects: AlarmSuspect[]): Promise<CaseSummary[]> {
  if (suspects.length === 0) return []
  await lockSites(tx, suspects.map((s) => s.siteId))
  const changes: { id: number; state: AlarmEvent['state'] }[] = []
  const opened: CaseSummary[] = []
  // Each site at the time of its own newest reading (a gateway's batch may straddle midnight).
  const byTime = new Map<number, AlarmSuspect[]>()
  for (const s of suspects) byTime.set(Date.parse(s.at), [...(byTime.get(Date.parse(s.at)) ?? []), s])
  for (const [time, sites] of [...byTime].sort(([a], [b]) => a - b)) {
    const at = new Date(time)
    const dayStart = localDayStart(rules, at)
    const night = nightOf(at, dayStart)
    const idsWhere = (flag: 'active' | 'mayTrip' | 'mayBeNoisy') => sites.filter((s) => s[flag]).map((s) => s.siteId)
    const active = idsWhere('active')
    const cleared = active.length ? await clearCalmAlarms(tx, active, dayStart, at, rules.sensorAlarms.clearMinutes) : []
    changes.push(...cleared.map((id) => ({ id, state: 'cleared' as const })))
    const mayTrip = idsWhere('mayTrip')
    for (const tripped of mayTrip.length ? await trippedRules(tx, mayTrip, dayStart) : []) {
      const alarmId = await insertAlarm(tx, tripped, at)
      if (alarmId === null) continue
      let caseId = await openSiteCase(tx, tripped.siteId, '0302')
      if (caseId === null) {
        const created = await openDustCase(tx, rules, tripped, at)
        opened.push(created)
        caseId = created.id
      }
      await attachAlarm(tx, alarmId, caseId)
      changes.push({ id: alarmId, state: 'tripped' })
    }
    const noisy = idsWhere('mayBeNoisy')
    if (night && noisy.length) opened.push(...(await raiseNightNoise(tx, rules, noisy, at, { dayStart, nightStart: night })))
  }
  await emitAlarmEvents(tx, await alarmEvents(tx, changes))
  return opened
}

/** The night noise limit when `at` is at night (22:00–06:00 local), else null: what the suspects of a batch test its noise against (dust_alarm_suspects). */
export function nightNoiseLimitAt(rules: CaseRules, at: Date): number | null {
  return nightOf(at, localDayStart(rules, at)) ? rules.sensorAlarms.nightNoiseLimitDb : null
}

/** When the night holding `at` started (22:00 local), or null by day (06:00–22:00). */
function nightOf(at: Date, dayStart: Date): Date | null {
  const hour = Math.floor((at.getTime() - dayStart.getTime()) / HOUR)
  if (hour >= 6 && hour < 22) return null
  return new Date(dayStart.getTime() + (hour >= 22 ? 22 : -2) * HOUR)
}

async function openDustCase(tx: Queryable, rules: CaseRules, tripped: TrippedRule, at: Date): Promise<CaseSummary> {
  const r = await ruleOf(tx, tripped.ruleId)
  const site = await siteNameAndPoint(tx, tripped.siteId)
  return reportCaseIn(
    tx,
    rules,
    {
      classCode: '0302',
      title: `工地扬尘超标：${site.name}`,
      description:
        `${DUST_METRICS[r.metric].label.zh} ${r.windowMinutes} 分钟均值最高 ${tripped.worstMean} µg/m³，超过 ${r.limit} µg/m³；` +
        `今日超标 ${tripped.exceedances} 次（规则 ${tripped.ruleId}：每日至多 ${r.max} 次）`,
      source: 'sensor',
      location: { type: 'Point', coordinates: [site.lng, site.lat] },
      coordSys: 'wgs84',
    },
    null,
    { siteId: tripped.siteId, at: at.toISOString() },
  )
}

/**
 * Night construction noise (GB 12523-2011: 55 dB(A) at night, configurable): between 22:00 and 06:00
 * local time, one 5-minute window whose mean noise (the site's loudest monitor) is above the limit
 * opens a 0301 case for a site without a night-work permit — one open case per site.
 */
async function raiseNightNoise(
  tx: Queryable,
  rules: CaseRules,
  siteIds: number[],
  at: Date,
  { dayStart, nightStart }: { dayStart: Date; nightStart: Date },
): Promise<CaseSummary[]> {
  const limit = rules.sensorAlarms.nightNoiseLimitDb
  const opened: CaseSummary[] = []
  for (const site of await noisySites(tx, siteIds, dayStart, nightStart, limit)) {
    opened.push(
      await reportCaseIn(
        tx,
        rules,
        {
          classCode: '0301',
          title: `夜间施工噪声超标：${site.name}`,
          description: `夜间（22:00–06:00）5 分钟噪声均值最高 ${site.worstDb} dB(A)，超过 ${limit} dB(A)；工地无夜间施工许可`,
          source: 'sensor',
          location: { type: 'Point', coordinates: [site.lng, site.lat] },
          coordSys: 'wgs84',
        },
        null,
        { siteId: site.siteId, at: at.toISOString() },
      ),
    )
  }
  return opened
}
