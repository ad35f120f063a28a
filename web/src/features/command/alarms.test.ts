import { afterEach, describe, expect, it, vi } from 'vitest'
import { caseFixture } from '../../realtime/case-fixture.ts'
import { fetchAlarmList, fetchDepartmentRates } from './alarms-api.ts'
import { isDustAlarm } from './alarms.ts'
import { TOWNS } from './town-fixture.ts'
import type { WallArea } from './wall-area.ts'

function serve(body: unknown) {
  const fetch = vi.fn(async (_path: string) => new Response(JSON.stringify(body), { status: 200 }))
  vi.stubGlobal('fetch', fetch)
  return fetch
}

describe('the alarms panels', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('takes a dust alarm for a 0302 case raised by a sensor, as the server does', () => {
    expect(isDustAlarm({ classCode: '0302', source: 'sensor' })).toBe(true)
    expect(isDustAlarm({ classCode: '0302', source: 'inspector' })).toBe(false)
    expect(isDustAlarm({ classCode: '0501', source: 'sensor' })).toBe(false)
  })

  it('lists the open dust alarms among the open 0302 cases, and the longest overdue cases', async () => {
    const dust = { items: [caseFixture(1, { classCode: '0302', source: 'sensor' }), caseFixture(2, { classCode: '0302', source: 'citizen' })], total: 2 }
    const overdue = { items: [caseFixture(7, { overdue: true })], total: 30 }
    const fetch = vi.fn(async (path: string) => new Response(JSON.stringify(path.includes('overdue') ? overdue : dust), { status: 200 }))
    vi.stubGlobal('fetch', fetch)
    const list = await fetchAlarmList(12)
    expect(list.dust.map((c) => c.id)).toEqual([1])
    expect(list.overdue).toMatchObject({ items: [{ id: 7 }], total: 30 })
    expect(fetch.mock.calls.map((c) => c[0]).sort()).toEqual([
      '/api/cases?classCode=0302&open=true&limit=500',
      '/api/cases?overdue=true&open=true&sort=deadlineAt&limit=12',
    ])
  })

  it('asks a town’s lists and its ranking with town= (the server narrows them), sensors’ dust alarms only', async () => {
    const changchi: WallArea = { kind: 'town', town: TOWNS.features[0]! }
    const overdue = { items: [caseFixture(7, { overdue: true })], total: 31 }
    const dust = { items: [caseFixture(1, { classCode: '0302', source: 'sensor' }), caseFixture(2, { classCode: '0302', source: 'hotline' })], total: 2 }
    const fetch = vi.fn(async (path: string) => {
      if (path.startsWith('/api/kpis')) return new Response('[]', { status: 200 })
      return new Response(JSON.stringify(path.includes('overdue') ? overdue : dust), { status: 200 })
    })
    vi.stubGlobal('fetch', fetch)
    const list = await fetchAlarmList(12, changchi)
    expect(list.dust.map((c) => c.id)).toEqual([1])
    expect(list.overdue).toEqual(overdue)
    const town = 'town=%E9%95%BF%E8%B5%A4%E9%95%87'
    expect(fetch.mock.calls.map((c) => c[0]).sort()).toEqual([
      `/api/cases?classCode=0302&open=true&limit=500&${town}`,
      `/api/cases?overdue=true&open=true&sort=deadlineAt&limit=12&${town}`,
    ])
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
