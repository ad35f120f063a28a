import { describe, expect, it, vi } from 'vitest'
import { shallowRef } from 'vue'
import { useNotices } from '../../notices/notices.store.ts'
import { caseFixture } from '../../realtime/case-fixture.ts'
import { useRealtime } from '../../realtime/realtime.store.ts'
import { useCaseFeed } from './use-case-feed.ts'
import { RETRY_MS } from './use-server-figures.ts'
import { TOWNS } from './town-fixture.ts'
import { COUNTY_AREA, type WallArea } from './wall-area.ts'
import { mountOnWall, onFakeClock } from './wall-fixture.ts'

describe('useCaseFeed', () => {
  onFakeClock()

  it('lists live cases while its load fails, loads again by itself, and takes the notice back then', async () => {
    const listed = { items: [caseFixture(2, { status: 'filed' }), caseFixture(1, { status: 'filed' })], total: 2 }
    const fetch = vi
      .fn(async (_path: string) => new Response(JSON.stringify(listed), { status: 200 }))
      .mockResolvedValueOnce(new Response(JSON.stringify({ error: { code: 'internal', message: 'database unavailable' } }), { status: 503 }))
    vi.stubGlobal('fetch', fetch)
    const { result } = mountOnWall(() => useCaseFeed(shallowRef(COUNTY_AREA)))
    await vi.advanceTimersByTimeAsync(0)
    const notices = useNotices()
    expect(notices.list.map((n) => n.topic)).toEqual(['load:command.feed'])
    expect(notices.list[0]!.text).toContain('最新案件加载失败')
    expect(result.freshness.value.updatedAt).toBeNull()

    useRealtime().receive({ id: 10, at: '2026-11-25T08:00:00Z', type: 'case.created', payload: caseFixture(3, { status: 'filed' }) })
    expect(result.items.value.map((i) => i.id)).toEqual([3])

    await vi.advanceTimersByTimeAsync(RETRY_MS)
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(result.items.value.map((i) => i.id)).toEqual([2, 1])
    expect(notices.list.filter((n) => n.kind === 'error')).toEqual([])
    expect(result.freshness.value.updatedAt).toBe(Date.now())
  })

  it('of a town: asks nothing before the town is known, then the town\'s cases (town=), and lists only live cases inside', async () => {
    const at = (lng: number) => ({ status: 'filed' as const, location: { type: 'Point' as const, coordinates: [lng, 32.35] as [number, number] } })
    // What the server answers for town=: the cases inside it.
    const listed = { items: [caseFixture(2, at(106.75)), caseFixture(1, at(106.71))], total: 2 }
    const fetch = vi.fn(async (_path: string) => new Response(JSON.stringify(listed), { status: 200 }))
    vi.stubGlobal('fetch', fetch)
    const area = shallowRef<WallArea | null>(null)
    const { result } = mountOnWall(() => useCaseFeed(area))
    const realtime = useRealtime()
    realtime.receive({ id: 10, at: '2026-11-25T08:00:00Z', type: 'case.created', payload: caseFixture(4, at(106.75)) })
    await vi.advanceTimersByTimeAsync(0)
    expect(fetch).not.toHaveBeenCalled()
    expect(result.items.value).toEqual([])

    area.value = { kind: 'town', town: TOWNS.features[0]! }
    await vi.advanceTimersByTimeAsync(0)
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([`/api/cases?open=true&limit=20&town=${encodeURIComponent(TOWNS.features[0]!.properties.name.zh)}`])
    expect(result.items.value.map((i) => i.id)).toEqual([2, 1])

    realtime.receive({ id: 11, at: '2026-11-25T08:01:00Z', type: 'case.created', payload: caseFixture(5, at(106.85)) })
    realtime.receive({ id: 12, at: '2026-11-25T08:02:00Z', type: 'case.created', payload: caseFixture(6, at(106.72)) })
    expect(result.items.value.map((i) => i.id)).toEqual([6, 2, 1])
  })
})
