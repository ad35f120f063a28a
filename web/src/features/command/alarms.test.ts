import type { DustAlarm, EventPayload } from '@citygrid/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { caseFixture } from '../../realtime/case-fixture.ts'
import { fetchAlarmList, fetchDepartmentRates } from './alarms-api.ts'
import { applyDustAlarm } from './alarms.ts'
import { TOWNS } from './town-fixture.ts'
import { COUNTY_AREA, type WallArea } from './wall-area.ts'

/** A site's active alarm for tests: `over` changes what a test is about. */
function alarmFixture(id: number, over: Partial<DustAlarm> = {}): DustAlarm {
  return {
    id,
    siteId: 100 + id,
    siteName: `工地 ${id}`,
    ruleId: 1,
    metric: 'pm10',
    windowMinutes: 15,
    limit: 150,
    trippedAt: '2026-11-25T08:00:00.000Z',
    worstMean: 212.5,
    exceedances: 2,
    clearedAt: null,
    caseId: null,
    ...over,
  }
}

/** The `dust.alarm` event of an alarm, at a site in the county seat (see TOWNS) unless placed elsewhere. */
function alarmEvent(a: DustAlarm, state: 'tripped' | 'cleared', [lng, lat] = [106.85, 32.35]): EventPayload<'dust.alarm'> {
  return { ...a, state, siteAlarmActive: state === 'tripped', lng, lat }
}

function serve(body: unknown) {
  const fetch = vi.fn(async (_path: string) => new Response(JSON.stringify(body), { status: 200 }))
  vi.stubGlobal('fetch', fetch)
  return fetch
}

describe('the alarms panels', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('lists the active dust alarms of /api/dust/alarms, and the longest overdue cases', async () => {
    const dust = [alarmFixture(2, { caseId: 40 }), alarmFixture(1)]
    const overdue = { items: [caseFixture(7, { overdue: true })], total: 30 }
    const fetch = vi.fn(async (path: string) => new Response(JSON.stringify(path.includes('overdue') ? overdue : dust), { status: 200 }))
    vi.stubGlobal('fetch', fetch)
    const list = await fetchAlarmList(12)
    expect(list.dust).toEqual(dust)
    expect(list.overdue).toMatchObject({ items: [{ id: 7 }], total: 30 })
    expect(fetch.mock.calls.map((c) => c[0]).sort()).toEqual(['/api/cases?overdue=true&open=true&sort=deadlineAt&limit=12', '/api/dust/alarms'])
  })

  it('refuses alarms of another shape (a case list where alarms belong)', async () => {
    const cases = { items: [caseFixture(1, { classCode: '0302', source: 'sensor' })], total: 1 }
    serve(cases) // the overdue cases read well; the alarms do not
    await expect(fetchAlarmList(12)).rejects.toMatchObject({ code: 'bad_response' })
  })

  it('asks a town’s lists and its ranking with town= (the server narrows them)', async () => {
    const changchi: WallArea = { kind: 'town', town: TOWNS.features[0]! }
    const overdue = { items: [caseFixture(7, { overdue: true })], total: 31 }
    const dust = [alarmFixture(1)]
    const fetch = vi.fn(async (path: string) => {
      if (path.startsWith('/api/kpis')) return new Response('[]', { status: 200 })
      return new Response(JSON.stringify(path.includes('overdue') ? overdue : dust), { status: 200 })
    })
    vi.stubGlobal('fetch', fetch)
    const list = await fetchAlarmList(12, changchi)
    expect(list.dust).toEqual(dust)
    expect(list.overdue).toEqual(overdue)
    const town = 'town=%E9%95%BF%E8%B5%A4%E9%95%87'
    expect(fetch.mock.calls.map((c) => c[0]).sort()).toEqual([
      `/api/cases?overdue=true&open=true&sort=deadlineAt&limit=12&${town}`,
      `/api/dust/alarms?${town}`,
    ])
    await fetchAlarmList(12, { kind: 'bbox', bbox: [106.8, 32.3, 106.9, 32.4] })
    expect(fetch.mock.calls.map((c) => c[0])).toContain('/api/dust/alarms?bbox=106.8%2C32.3%2C106.9%2C32.4')
    await fetchDepartmentRates('2026-10-26T06:00:00.000Z', changchi)
    expect(fetch.mock.calls.at(-1)![0]).toBe(`/api/kpis?by=department&rank=onTimeRate&from=2026-10-26T06%3A00%3A00.000Z&${town}`)
  })

  it('reads the departments of /api/kpis in the server\'s ranking, without the total, and refuses an answer of another shape', async () => {
    const row = (key: string | null, name: string | null, due: number, onTimeRate: number | null, rank: number | null) => ({
      key, name, due, closed: 0, closedOnTime: 0, deferred: 0, reworked: 0, extended: 0,
      closeRate: onTimeRate, onTimeRate, reworkRate: 0, extensionRate: 0, p50Hours: null, p90Hours: null, score: null, rank,
    })
    const fetch = serve([row('huanwei', '环境卫生管理所', 4, 0.75, 1), row('ziran', null, 1, null, null), row(null, '合计', 5, 0.75, null)])
    expect(await fetchDepartmentRates('2026-10-26T06:00:00.000Z')).toEqual([
      { code: 'huanwei', name: '环境卫生管理所', due: 4, onTimeRate: 0.75, rank: 1 },
      { code: 'ziran', name: 'ziran', due: 1, onTimeRate: null, rank: null },
    ])
    expect(fetch.mock.calls[0]![0]).toBe('/api/kpis?by=department&rank=onTimeRate&from=2026-10-26T06%3A00%3A00.000Z')
    serve([{ key: 'huanwei', name: '环境卫生管理所', due: '4', onTimeRate: 0.75 }])
    await expect(fetchDepartmentRates('2026-10-26T06:00:00.000Z')).rejects.toMatchObject({ code: 'bad_response' })
  })
})

describe('a dust alarm heard live', () => {
  const seat: WallArea = { kind: 'town', town: TOWNS.features[1]! }
  const listed = [alarmFixture(3, { trippedAt: '2026-11-25T09:00:00.000Z' }), alarmFixture(1, { trippedAt: '2026-11-25T07:00:00.000Z' })]

  it('a tripped alarm takes its place by trip time, newest first, without the event’s own fields', () => {
    const tripped = alarmFixture(2, { trippedAt: '2026-11-25T08:00:00.000Z', caseId: 41 })
    const after = applyDustAlarm(listed, alarmEvent(tripped, 'tripped'), COUNTY_AREA)
    expect(after.map((a) => a.id)).toEqual([3, 2, 1])
    expect(after[1]).toEqual(tripped)
    // Heard twice (a reconnect's catch-up): listed once.
    expect(applyDustAlarm(after, alarmEvent(tripped, 'tripped'), COUNTY_AREA).map((a) => a.id)).toEqual([3, 2, 1])
    // Tripped at the same moment as a listed one: the higher id first, as the server orders them.
    expect(applyDustAlarm(listed, alarmEvent(alarmFixture(4, { trippedAt: listed[0]!.trippedAt }), 'tripped'), COUNTY_AREA).map((a) => a.id)).toEqual([4, 3, 1])
  })

  it('a cleared alarm leaves the list; one not listed changes nothing', () => {
    expect(applyDustAlarm(listed, alarmEvent({ ...listed[0]!, clearedAt: '2026-11-25T10:00:00.000Z' }, 'cleared'), COUNTY_AREA).map((a) => a.id)).toEqual([1])
    expect(applyDustAlarm(listed, alarmEvent(alarmFixture(9), 'cleared'), COUNTY_AREA)).toEqual(listed)
  })

  it('a town’s wall lists only the alarms of sites inside the town', () => {
    const now = { trippedAt: '2026-11-25T10:00:00.000Z' }
    const inside = alarmEvent(alarmFixture(5, now), 'tripped', [106.85, 32.35])
    const west = alarmEvent(alarmFixture(6, now), 'tripped', [106.75, 32.35]) // in 长赤
    expect(applyDustAlarm(listed, inside, seat).map((a) => a.id)).toEqual([5, 3, 1])
    expect(applyDustAlarm(listed, west, seat)).toEqual(listed)
    expect(applyDustAlarm(listed, west, { kind: 'bbox', bbox: [106.7, 32.3, 106.8, 32.4] }).map((a) => a.id)).toEqual([6, 3, 1])
  })
})
