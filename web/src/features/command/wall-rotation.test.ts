import { describe, expect, it } from 'vitest'
import { TOWNS } from './town-fixture.ts'
import { currentStop, pauseRotation, resumeRotation, rotationStops, startRotation, stopKey, tickRotation } from './wall-rotation.ts'

const DWELL = 10_000

describe('the wall’s rotation', () => {
  it('goes county, the seat’s town, then the others in id order', () => {
    expect(rotationStops(TOWNS, [106.839, 32.356]).map(stopKey)).toEqual(['county', 'town:2', 'town:1', 'town:3'])
    expect(rotationStops(TOWNS, [0, 0]).map(stopKey), 'no town holds the seat').toEqual(['county', 'town:1', 'town:2', 'town:3'])
    expect(rotationStops(null).map(stopKey)).toEqual(['county'])
  })

  it('dwells at each stop, then moves on, and back to the county after the last', () => {
    const stops = rotationStops(TOWNS, [106.839, 32.356])
    let r = startRotation(0)
    const seen = [stopKey(currentStop(r, stops)!)]
    for (let t = 1_000; t <= 4 * DWELL; t += 1_000) {
      const next = tickRotation(r, t, DWELL)
      if (next !== r) seen.push(stopKey(currentStop(next, stops)!))
      r = next
    }
    expect(seen).toEqual(['county', 'town:2', 'town:1', 'town:3', 'county'])
  })

  it('holds during a fly-to, and gives the stop its whole dwell again once the map is back', () => {
    const stops = rotationStops(TOWNS, [106.839, 32.356])
    let r = tickRotation(startRotation(0), DWELL, DWELL) // at the seat since 10 s
    r = pauseRotation(r, DWELL + 8_000)
    expect(tickRotation(r, DWELL + 60_000, DWELL), 'held').toBe(r)
    r = resumeRotation(r, DWELL + 60_000)
    expect(stopKey(currentStop(r, stops)!)).toBe('town:2')
    expect(tickRotation(r, DWELL + 69_000, DWELL)).toBe(r)
    expect(stopKey(currentStop(tickRotation(r, DWELL + 70_000, DWELL), stops)!)).toBe('town:1')
  })
})
