import { describe, expect, it } from 'vitest'
import { emptyHistory, remember, undo } from './draw-history.ts'

describe('draw history', () => {
  it('undoes in reverse order and then has nothing left', () => {
    let h = remember(remember(emptyHistory<string>(), 'a'), 'b')
    const first = undo(h)!
    expect(first.snapshot).toBe('b')
    h = first.history
    expect(undo(h)!.snapshot).toBe('a')
    expect(undo(undo(h)!.history)).toBeNull()
  })

  it('keeps only the newest `limit` snapshots', () => {
    let h = emptyHistory<number>(2)
    for (const n of [1, 2, 3]) h = remember(h, n)
    expect(h.past).toEqual([2, 3])
  })
})
