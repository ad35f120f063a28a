import { describe, expect, it, vi } from 'vitest'
import { useNotices } from '../../notices/notices.store.ts'
import { caseFixture } from '../../realtime/case-fixture.ts'
import { useRealtime } from '../../realtime/realtime.store.ts'
import { useCaseFeed } from './use-case-feed.ts'
import { RETRY_MS } from './use-server-figures.ts'
import { mountOnWall, onFakeClock } from './wall-fixture.ts'

describe('useCaseFeed', () => {
  onFakeClock()

  it('lists live cases while its load fails, loads again by itself, and takes the notice back then', async () => {
    const listed = { items: [caseFixture(2, { status: 'filed' }), caseFixture(1, { status: 'filed' })], total: 2 }
    const fetch = vi
      .fn(async (_path: string) => new Response(JSON.stringify(listed), { status: 200 }))
      .mockResolvedValueOnce(new Response(JSON.stringify({ error: { code: 'internal', message: 'database unavailable' } }), { status: 503 }))
    vi.stubGlobal('fetch', fetch)
    const { result } = mountOnWall(() => useCaseFeed())
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
})
