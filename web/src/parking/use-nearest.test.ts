import type { NearestLot } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import type { Located } from '../public-page/locate.ts'
import { useNearest } from './use-nearest.ts'

const CENTRE = { lng: 106.839, lat: 32.356 }
const lot = (id: string): NearestLot => ({
  id,
  name: id,
  kind: 'off_street',
  total: 10,
  free: 4,
  price: '',
  openingHours: '00:00-24:00',
  openNow: true,
  state: 'open',
  availability: 'many',
  lastUpdated: null,
  coords: CENTRE,
  distanceM: 120,
})

function run(located: Located) {
  const asked: { lng: number; lat: number }[] = []
  const nearest = useNearest(
    () => CENTRE,
    async (at) => {
      asked.push(at)
      return [lot('A')]
    },
    async () => located,
  )
  return { nearest, asked }
}

describe('nearest with free spaces: where the search starts', () => {
  it('from the phone when it gives a position inside the county', async () => {
    const { nearest, asked } = run({ ok: true, lng: 106.84, lat: 32.35, accuracyM: 30 })
    const s = await nearest.search()
    expect(asked).toEqual([{ lng: 106.84, lat: 32.35 }])
    expect(s).toMatchObject({ status: 'done', from: { kind: 'position', accuracyM: 30 }, lots: [{ id: 'A' }] })
  })
  it('from the map centre when the phone is elsewhere (say, Chengdu)', async () => {
    const { nearest, asked } = run({ ok: true, lng: 104.07, lat: 30.67, accuracyM: 30 })
    expect(await nearest.search()).toMatchObject({ status: 'done', from: { kind: 'centre', reason: 'outside' } })
    expect(asked).toEqual([CENTRE])
  })
  it('from the map centre, with the reason, when the position is refused', async () => {
    const { nearest, asked } = run({ ok: false, reason: 'denied' })
    expect(await nearest.search()).toMatchObject({ status: 'done', from: { kind: 'centre', reason: 'denied' } })
    expect(asked).toEqual([CENTRE])
  })
  it('says a failed search', async () => {
    const nearest = useNearest(
      () => CENTRE,
      async () => {
        throw new Error('HTTP 429')
      },
      async () => ({ ok: false, reason: 'timeout' }),
    )
    expect(await nearest.search()).toEqual({ status: 'failed', message: 'HTTP 429' })
  })
})
