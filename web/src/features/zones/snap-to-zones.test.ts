import type { Zone } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { snapToZones } from './snap-to-zones.ts'

// A flat projection: 1 degree = 1000 px, y down.
const project = ([lng, lat]: [number, number]) => ({ x: lng * 1000, y: -lat * 1000 })
const unproject = ({ x, y }: { x: number; y: number }): [number, number] => [x / 1000, -y / 1000]
const zone = { geometry: { type: 'MultiPolygon', coordinates: [[[[0, 0], [0.1, 0], [0.1, 0.1], [0, 0.1], [0, 0]]]] } } as unknown as Zone

describe('snapToZones', () => {
  it('prefers a vertex within the tolerance', () => {
    expect(snapToZones({ x: 104, y: -3 }, [zone], project, unproject)).toEqual([0.1, 0])
  })

  it('else lands on the nearest edge', () => {
    const at = snapToZones({ x: 50, y: 6 }, [zone], project, unproject)!
    expect(at[0]).toBeCloseTo(0.05, 9)
    expect(at[1]).toBeCloseTo(0, 9)
  })

  it('leaves a pointer far from every zone alone', () => {
    expect(snapToZones({ x: 50, y: -50 }, [zone], project, unproject)).toBeUndefined()
  })
})
