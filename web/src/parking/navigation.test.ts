import gcoord from 'gcoord'
import { describe, expect, it } from 'vitest'
import { navigationUrl } from './navigation.ts'

const lot = { name: '南江县人民医院停车场', lng: 106.839, lat: 32.356 }

/** Metres between two lng/lat points (equirectangular: fine over a few hundred metres). */
function metres(a: [number, number], b: [number, number]): number {
  const k = (Math.PI / 180) * 6_371_000
  return Math.hypot((b[0] - a[0]) * k * Math.cos((a[1] * Math.PI) / 180), (b[1] - a[1]) * k)
}

describe('navigation links', () => {
  it('AMap: the destination in GCJ-02 (a few hundred metres off WGS-84 here), with the name', () => {
    const url = new URL(navigationUrl('amap', lot))
    expect(url.origin + url.pathname).toBe('https://uri.amap.com/navigation')
    expect(url.searchParams.get('coordinate')).toBe('gaode')
    const [lng, lat, name] = url.searchParams.get('to')!.split(',')
    expect(name).toBe(lot.name)
    const to: [number, number] = [Number(lng), Number(lat)]
    // Back to WGS-84 lands on the lot; read as WGS-84 it would be a street or two away.
    expect(metres(gcoord.transform(to, gcoord.GCJ02, gcoord.WGS84) as [number, number], [lot.lng, lot.lat])).toBeLessThan(1)
    expect(metres(to, [lot.lng, lot.lat])).toBeGreaterThan(100)
  })

  it('Baidu: BD-09 latitude first, bd09ll declared', () => {
    const url = new URL(navigationUrl('baidu', lot))
    expect(url.origin + url.pathname).toBe('https://api.map.baidu.com/direction')
    expect(url.searchParams.get('coord_type')).toBe('bd09ll')
    const m = /^latlng:([\d.]+),([\d.]+)\|name:(.+)$/.exec(url.searchParams.get('destination')!)
    expect(m).not.toBeNull()
    const bd: [number, number] = [Number(m![2]), Number(m![1])]
    expect(m![3]).toBe(lot.name)
    expect(metres(gcoord.transform(bd, gcoord.BD09, gcoord.WGS84) as [number, number], [lot.lng, lot.lat])).toBeLessThan(1)
    // BD-09 is not GCJ-02: a different point again.
    expect(metres(bd, gcoord.transform([lot.lng, lot.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number])).toBeGreaterThan(100)
    expect(url.searchParams.get('origin')).toBe('我的位置')
  })

  it('Baidu: a known position is the origin, in BD-09 too', () => {
    const here = { lng: 106.83, lat: 32.35 }
    const url = new URL(navigationUrl('baidu', lot, here))
    const m = /^latlng:([\d.]+),([\d.]+)\|name:我的位置$/.exec(url.searchParams.get('origin')!)
    expect(m).not.toBeNull()
    const bd: [number, number] = [Number(m![2]), Number(m![1])]
    expect(metres(gcoord.transform(bd, gcoord.BD09, gcoord.WGS84) as [number, number], [here.lng, here.lat])).toBeLessThan(1)
  })

  it('Apple Maps: GCJ-02 "lat,lng" as daddr, driving', () => {
    const url = new URL(navigationUrl('apple', lot))
    expect(url.host).toBe('maps.apple.com')
    expect(url.searchParams.get('dirflg')).toBe('d')
    const [lat, lng] = url.searchParams.get('daddr')!.split(',').map(Number)
    expect(metres(gcoord.transform([lng!, lat!], gcoord.GCJ02, gcoord.WGS84) as [number, number], [lot.lng, lot.lat])).toBeLessThan(1)
  })
})
