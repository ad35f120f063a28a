import { tilesHolding } from '@citygrid/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tileRefresher, type TileId } from './tile-refresh.ts'

const SEAT = [106.8432, 32.3531] as const
const EAST = [106.9, 32.3531] as const

afterEach(() => vi.useRealTimers())

describe('tileRefresher', () => {
  it("refreshes a change's tiles up to the source's zoom at once, then the changes of the next second together", () => {
    vi.useFakeTimers()
    const calls: TileId[][] = []
    const r = tileRefresher((t) => calls.push(t), { maxZoom: 18, now: () => Date.now() })
    r.changed(SEAT[0], SEAT[1])
    expect(calls).toHaveLength(1)
    expect(calls[0]).toEqual(tilesHolding(SEAT[0], SEAT[1]).filter((t) => t.z <= 18))
    r.changed(SEAT[0], SEAT[1])
    r.changed(EAST[0], EAST[1])
    vi.advanceTimersByTime(999)
    expect(calls).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(calls).toHaveLength(2)
    const keys = new Set(calls[1]!.map((t) => `${t.z}/${t.x}/${t.y}`))
    for (const t of [...tilesHolding(SEAT[0], SEAT[1]), ...tilesHolding(EAST[0], EAST[1])].filter((t) => t.z <= 18)) expect(keys.has(`${t.z}/${t.x}/${t.y}`)).toBe(true)
    expect(keys.size).toBe(calls[1]!.length)
    // Quiet for a second: the next change goes at once again.
    vi.advanceTimersByTime(1_000)
    r.changed(EAST[0], EAST[1])
    expect(calls).toHaveLength(3)
  })

  it('refreshes nothing once stopped', () => {
    vi.useFakeTimers()
    const calls: TileId[][] = []
    const r = tileRefresher((t) => calls.push(t), { maxZoom: 18, now: () => Date.now() })
    r.changed(SEAT[0], SEAT[1])
    r.changed(EAST[0], EAST[1])
    r.stop()
    vi.advanceTimersByTime(5_000)
    expect(calls).toHaveLength(1)
  })
})
