import type { OutboxEvent } from '@citygrid/shared'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { useLayers } from '../layers/layers.store.ts'
import { useNotices } from '../notices/notices.store.ts'
import { useRealtime } from './realtime.store.ts'
import { caseFixture } from './case-fixture.ts'

const record = (id: number, title = `垃圾 ${id}`) => caseFixture(id, { classCode: '0102', title })
const created = (id: number, inc = record(id)): OutboxEvent => ({ id, at: inc.reportedAt, type: 'case.created', payload: inc })

function loadedStores() {
  const layers = useLayers()
  layers.replace({
    cases: { type: 'FeatureCollection', features: [], numberMatched: 0, numberReturned: 0, truncated: false },
  })
  layers.settled = true
  return { layers, realtime: useRealtime(), notices: useNotices() }
}

describe('realtime store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.spyOn(console, 'error').mockImplementation(() => {})
  })

  it('applies a new record: feature, pulse, notice and last id', () => {
    const { layers, realtime, notices } = loadedStores()
    realtime.receive(created(5))
    expect(layers.collections.cases?.features.map((f) => f.id)).toEqual([5])
    expect(realtime.pulses.map((p) => p.id)).toEqual([5])
    expect(realtime.lastSeenEventId).toBe(5)
    expect(notices.list.map((n) => n.kind)).toEqual(['case'])
    expect(notices.list[0]?.text).toBe('新案件：垃圾 5（暴露垃圾）')
  })

  it('names the class once when the title only names it', () => {
    const { realtime, notices } = loadedStores()
    realtime.receive(created(6, record(6, '暴露垃圾')))
    expect(notices.list[0]?.text).toBe('新案件：暴露垃圾')
  })

  it('ignores duplicates and ids at or below the last one seen', () => {
    const { layers, realtime, notices } = loadedStores()
    realtime.receive(created(5))
    realtime.receive(created(5))
    realtime.receive(created(3))
    realtime.caughtUp(8)
    realtime.receive(created(8))
    realtime.receive(created(9))
    expect(layers.collections.cases?.features.map((f) => f.id)).toEqual([5, 9])
    expect(notices.list).toHaveLength(2)
    expect(realtime.lastSeenEventId).toBe(9)
  })

  it('reports an event that fails validation to the notifier instead of applying it', () => {
    const { layers, realtime, notices } = loadedStores()
    realtime.receive({ id: 12, at: 'x', type: 'case.created', payload: { id: 'not a number' } })
    expect(notices.list).toHaveLength(1)
    expect(notices.list[0]).toMatchObject({ kind: 'error' })
    expect(notices.list[0]?.text).toContain('#12')
    expect(layers.collections.cases?.features).toHaveLength(0)
    expect(realtime.lastSeenEventId).toBeNull()
  })

  it('holds events until the layers have loaded, then applies them on top of the snapshot', async () => {
    const layers = useLayers()
    const realtime = useRealtime()
    layers.requested = true // a load is in flight
    realtime.receive(created(1))
    expect(realtime.lastSeenEventId).toBe(1)
    expect(layers.collections.cases).toBeUndefined()
    layers.replace({
      cases: { type: 'FeatureCollection', features: [], numberMatched: 0, numberReturned: 0, truncated: false },
    })
    layers.settled = true
    await nextTick()
    expect(layers.collections.cases?.features.map((f) => f.id)).toEqual([1])
  })

  it('keeps nothing for the layers before a load has started: the snapshot will hold it', async () => {
    const layers = useLayers()
    const realtime = useRealtime()
    const notices = useNotices()
    realtime.receive(created(1))
    expect(notices.list.map((n) => n.kind), 'the new case is announced on any page').toEqual(['case'])
    layers.replace({
      cases: { type: 'FeatureCollection', features: [], numberMatched: 0, numberReturned: 0, truncated: false },
    })
    layers.settled = true
    await nextTick()
    expect(layers.collections.cases?.features).toEqual([])
  })

  it('tells subscribers of each new event once, until they unsubscribe', () => {
    const { realtime } = loadedStores()
    const heard: number[] = []
    const stop = realtime.subscribe((e) => heard.push(e.id))
    realtime.receive(created(1))
    realtime.receive(created(1))
    stop()
    realtime.receive(created(2))
    expect(heard).toEqual([1])
  })

  it('reports a failing subscriber to the notifier and still tells the others', () => {
    const { realtime, notices } = loadedStores()
    const heard: number[] = []
    realtime.subscribe(() => {
      throw new Error('boom')
    })
    realtime.subscribe((e) => heard.push(e.id))
    realtime.receive(created(3))
    expect(heard).toEqual([3])
    expect(notices.list.some((n) => n.kind === 'error' && n.text.includes('boom'))).toBe(true)
  })

  it('prunes pulses once they have run their course', () => {
    const { realtime } = loadedStores()
    realtime.receive(created(1))
    const started = realtime.pulses[0]!.startedAt
    realtime.prunePulses(started + 5_000)
    expect(realtime.pulses).toHaveLength(1)
    realtime.prunePulses(started + 10_001)
    expect(realtime.pulses).toHaveLength(0)
  })
})
