import { describe, expect, it } from 'vitest'
import { TooManyRequestsError } from '../http/errors.ts'
import { HashBudget } from './hash-budget.ts'

/** A piece of work the test finishes by hand, recording how many run at once. */
function gate(state: { running: number; most: number; order: string[] }, name: string) {
  let finish!: () => void
  const done = new Promise<void>((r) => (finish = r))
  const work = async () => {
    state.running++
    state.most = Math.max(state.most, state.running)
    state.order.push(name)
    await done
    state.running--
    return name
  }
  return { work, finish }
}

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('HashBudget', () => {
  it('runs one hash at a time, first come first served, and refuses a third from one address at once', async () => {
    const budget = new HashBudget({ concurrent: 1, perAddress: 2, queued: 10 })
    const state = { running: 0, most: 0, order: [] as string[] }
    const a1 = gate(state, 'a1')
    const b1 = gate(state, 'b1')
    const a2 = gate(state, 'a2')
    const runs = [budget.run('10.0.0.1', a1.work), budget.run('10.0.0.2', b1.work), budget.run('10.0.0.1', a2.work)]
    await expect(budget.run('10.0.0.1', async () => 'a3')).rejects.toBeInstanceOf(TooManyRequestsError)
    await tick()
    expect(state.order).toEqual(['a1'])
    a1.finish()
    await tick()
    expect(state.order).toEqual(['a1', 'b1'])
    b1.finish()
    await tick()
    a2.finish()
    expect(await Promise.all(runs)).toEqual(['a1', 'b1', 'a2'])
    expect(state.most).toBe(1)
    // Freed: the address may come again.
    expect(await budget.run('10.0.0.1', async () => 'again')).toBe('again')
  })

  it('refuses new work when the queue is full, and frees a slot when work fails', async () => {
    const budget = new HashBudget({ concurrent: 1, perAddress: 5, queued: 1 })
    const state = { running: 0, most: 0, order: [] as string[] }
    const first = gate(state, 'first')
    const running = budget.run('a', first.work)
    const waiting = budget.run('b', async () => {
      throw new Error('bad hash')
    })
    const refused = budget.run('c', async () => 'c')
    await expect(refused).rejects.toThrow(/busy/)
    first.finish()
    await running
    await expect(waiting).rejects.toThrow('bad hash')
    expect(await budget.run('c', async () => 'c')).toBe('c')
  })

  it('lets a known device wait in line when the queue is full for everyone else', async () => {
    const budget = new HashBudget({ concurrent: 1, perAddress: 2, queued: 0 })
    const state = { running: 0, most: 0, order: [] as string[] }
    const first = gate(state, 'first')
    const running = budget.run('203.0.113.1', first.work)
    await expect(budget.run('203.0.113.2', async () => 'guess')).rejects.toThrow(/busy/)
    const own = budget.run('device:7', async () => 'own', { knownDevice: true })
    first.finish()
    expect(await running).toBe('first')
    expect(await own).toBe('own')
  })
})
