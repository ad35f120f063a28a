import { describe, expect, it } from 'vitest'
import { storedZone } from './zone-fixture.ts'
import { currentOverlaps, type ZoneOverlap } from './zone-overlaps.ts'

const zone = (id: number, name: string, updatedAt: string, overlaps: ZoneOverlap[] = []) => storedZone(id, { name, updatedAt, overlaps })
const names = (m: ReadonlyMap<number, readonly ZoneOverlap[]>) => Object.fromEntries([...m].map(([id, list]) => [id, list.map((o) => `${o.name} ${o.areaM2}`)]))

describe('currentOverlaps', () => {
  it('gives a zone the overlap a later-saved zone found with it, though its own list predates it', () => {
    const north = zone(1, '北门', '2026-11-25T01:00:00Z')
    const south = zone(2, '南门', '2026-11-25T02:00:00Z', [{ zoneId: 1, name: '北门', areaM2: 500 }])
    expect(names(currentOverlaps([north, south]))).toEqual({ 1: ['南门 500'], 2: ['北门 500'] })
  })

  it('drops an overlap the later-saved zone no longer has, and one with a deleted zone', () => {
    // 北门 still lists 南门, but 南门 was moved away afterwards; 西门 is gone.
    const north = zone(1, '北门', '2026-11-25T01:00:00Z', [
      { zoneId: 2, name: '南门', areaM2: 500 },
      { zoneId: 3, name: '西门', areaM2: 70 },
    ])
    const south = zone(2, '南门', '2026-11-25T02:00:00Z')
    expect(names(currentOverlaps([north, south]))).toEqual({ 1: [], 2: [] })
  })

  it('takes the later-saved zone’s area and each zone’s current name', () => {
    const north = zone(1, '北门（新）', '2026-11-25T03:00:00Z', [{ zoneId: 2, name: '南门', areaM2: 800 }])
    const south = zone(2, '南门', '2026-11-25T02:00:00Z', [{ zoneId: 1, name: '北门', areaM2: 500 }])
    expect(names(currentOverlaps([north, south]))).toEqual({ 1: ['南门 800'], 2: ['北门（新） 800'] })
  })

  it('trusts the later insert of one transaction (an import), whose times are equal', () => {
    const at = '2026-11-25T01:00:00Z'
    const first = zone(1, '甲', at)
    const second = zone(2, '乙', at, [{ zoneId: 1, name: '甲', areaM2: 40 }])
    const third = zone(3, '丙', at, [{ zoneId: 1, name: '甲', areaM2: 9 }, { zoneId: 2, name: '乙', areaM2: 12 }])
    expect(names(currentOverlaps([first, second, third]))).toEqual({ 1: ['乙 40', '丙 9'], 2: ['甲 40', '丙 12'], 3: ['甲 9', '乙 12'] })
  })
})
