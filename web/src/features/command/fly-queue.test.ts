import { describe, expect, it } from 'vitest'
import { advance, DEFAULT_DWELL_S, dwellFromQuery, effectiveDwell, enqueue, idleQueue, MIN_DWELL_MS, type FlyQueue } from './fly-queue.ts'

const at = (id: number) => ({ id, position: [106.84, 32.35] as [number, number] })
const ids = (q: FlyQueue) => [q.current?.id ?? null, ...q.waiting.map((t) => t.id)]

describe('fly queue', () => {
  it('shows a case at once when idle, and keeps it for the dwell', () => {
    const q = enqueue(idleQueue, at(1), 1_000)
    expect(q.current?.id).toBe(1)
    expect(advance(q, 1_000 + 11_999, 12_000)).toBe(q)
  })

  it('goes to the next after the dwell, then back to the overview', () => {
    let q = enqueue(enqueue(idleQueue, at(1), 0), at(2), 10)
    q = advance(q, 12_000, 12_000)
    expect(ids(q)).toEqual([2])
    expect(q.since).toBe(12_000)
    q = advance(q, 24_000, 12_000)
    expect(q).toEqual(idleQueue)
  })

  it('drops none of a burst, serving the oldest first', () => {
    let q = idleQueue
    for (const id of [1, 2, 3, 4, 5]) q = enqueue(q, at(id), 0)
    const shown: number[] = []
    for (let t = 0; q.current; t += 12_000) {
      q = advance(q, t, 12_000)
      if (q.current && shown.at(-1) !== q.current.id) shown.push(q.current.id)
    }
    expect(shown).toEqual([1, 2, 3, 4, 5])
  })

  it('never queues a case twice', () => {
    const q = enqueue(enqueue(enqueue(idleQueue, at(1), 0), at(2), 0), at(2), 0)
    expect(ids(enqueue(q, at(1), 0))).toEqual([1, 2])
  })

  it('drops none of a large burst, and shortens each stop while a backlog waits', () => {
    let q = enqueue(idleQueue, at(0), 0)
    for (let id = 1; id <= 99; id++) q = enqueue(q, at(id), 0)
    expect(effectiveDwell(q, 12_000)).toBe(MIN_DWELL_MS)
    const seen: number[] = []
    let now = 0
    while (q.current) {
      if (seen.at(-1) !== q.current.id) seen.push(q.current.id)
      now += 250
      q = advance(q, now, 12_000)
    }
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i))
    expect(now).toBeLessThan(100 * 12_000)
    expect(effectiveDwell(enqueue(idleQueue, at(1), 0), 12_000)).toBe(12_000)
  })

  it('reads the dwell from the address', () => {
    expect(dwellFromQuery('3')).toBe(3)
    expect(dwellFromQuery(['0.5'])).toBe(0.5)
    for (const bad of [undefined, null, '', 'x', '0', '-2']) expect(dwellFromQuery(bad)).toBe(DEFAULT_DWELL_S)
  })
})
