import { describe, expect, it, vi } from 'vitest'
import { shallowRef } from 'vue'
import { useNotices } from '../../notices/notices.store.ts'
import { caseFixture } from '../../realtime/case-fixture.ts'
import { useRealtime } from '../../realtime/realtime.store.ts'
import { RETRY_MS, useServerFigures } from './use-server-figures.ts'
import { mountOnWall, onFakeClock } from './wall-fixture.ts'
import { areaQuery, type WallArea } from './wall-area.ts'

const STALE_AFTER_S = 5

function figures(fetch: () => Promise<number>) {
  return mountOnWall(() => useServerFigures(fetch, { name: 'command.summary', throttleMs: 100, refreshMs: 600_000, moves: () => false }), { staleAfterS: STALE_AFTER_S })
}

describe('useServerFigures', () => {
  onFakeClock()

  it('says a failed load under its own topic, tries again by itself, and takes the notice back once a load succeeds', async () => {
    const fetch = vi.fn<() => Promise<number>>().mockRejectedValueOnce(new Error('HTTP 503')).mockResolvedValue(42)
    const { result } = figures(fetch)
    await vi.advanceTimersByTimeAsync(0)
    const notices = useNotices()
    expect(notices.list.map((n) => [n.text, n.topic])).toEqual([['统计数据加载失败，正在重试（HTTP 503）', 'load:command.summary']])
    expect(result.figures.value).toBeNull()

    await vi.advanceTimersByTimeAsync(RETRY_MS)
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(result.figures.value).toBe(42)
    expect(notices.list).toEqual([])
    expect(result.freshness.value).toEqual({ updatedAt: Date.now(), stale: false })
  })

  it('marks its figures stale while the connection is down, and fresh again once it is back and they reload', async () => {
    const fetch = vi.fn(async () => 7)
    const { result } = figures(fetch)
    const realtime = useRealtime()
    realtime.connection = 'connected'
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(STALE_AFTER_S * 10_000)
    expect(result.freshness.value.stale).toBe(false) // healthy: unchanged data is current

    realtime.connection = 'reconnecting'
    await vi.advanceTimersByTimeAsync(1_000) // the clock's next tick
    expect(result.freshness.value.stale).toBe(true)

    const asked = fetch.mock.calls.length
    realtime.connection = 'connected'
    await vi.advanceTimersByTimeAsync(0)
    expect(fetch).toHaveBeenCalledTimes(asked + 1)
    expect(result.freshness.value).toEqual({ updatedAt: Date.now(), stale: false })
  })

  it('asks nothing while its area is not known, then at once for that area (not after a throttle’s wait)', async () => {
    const area = shallowRef<WallArea | null>(null)
    const fetch = vi.fn(async (of: WallArea) => areaQuery(of))
    const { result } = mountOnWall(() =>
      useServerFigures(fetch, { name: 'command.summary', throttleMs: 60_000, refreshMs: 600_000, moves: () => true, area }),
    )
    await vi.advanceTimersByTimeAsync(0)
    useRealtime().receive({ id: 1, at: '2026-11-25T08:00:00Z', type: 'case.created', payload: caseFixture(1) }) // it moves the figures
    await vi.advanceTimersByTimeAsync(0)
    expect(fetch).not.toHaveBeenCalled()
    expect(result.figures.value).toBeNull()

    area.value = { kind: 'bbox', bbox: [106.8, 32.3, 106.9, 32.4] }
    await vi.advanceTimersByTimeAsync(0)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(result.figures.value).toBe('bbox=106.8%2C32.3%2C106.9%2C32.4')
  })
})
