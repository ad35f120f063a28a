import { COUNTY } from '@citygrid/shared'
import gcoord from 'gcoord'

/**
 * Route links into the map apps people in China use. Our data is WGS-84; AMap and Apple Maps in China
 * take GCJ-02, Baidu takes BD-09: each link carries the destination converted with gcoord. Each is an
 * https "URI API" page that opens the app where installed and the web map otherwise.
 */
export const NAV_APPS = ['amap', 'baidu', 'apple'] as const
export type NavApp = (typeof NAV_APPS)[number]

export interface Destination {
  name: string
  /** WGS-84. */
  lng: number
  lat: number
}

/** Six decimals: about 0.1 m, more than any of these apps uses. */
const fixed = (n: number) => n.toFixed(6)

function convert(d: Destination, to: typeof gcoord.GCJ02 | typeof gcoord.BD09): [number, number] {
  return gcoord.transform([d.lng, d.lat], gcoord.WGS84, to) as [number, number]
}

/**
 * A route to `d` in `app`. AMap and Apple Maps start from the phone's own location by themselves;
 * Baidu's web page needs an origin: the position the page found (`from`, WGS-84) where there is one,
 * otherwise "我的位置" searched in the county.
 */
export function navigationUrl(app: NavApp, d: Destination, from?: { lng: number; lat: number } | null): string {
  switch (app) {
    case 'amap': {
      // https://lbs.amap.com/api/uri-api/guide/travel/route — coordinate=gaode: the `to` point is GCJ-02.
      const [lng, lat] = convert(d, gcoord.GCJ02)
      const q = new URLSearchParams({ to: `${fixed(lng)},${fixed(lat)},${d.name}`, mode: 'car', coordinate: 'gaode', callnative: '1', src: 'citygrid' })
      return `https://uri.amap.com/navigation?${q}`
    }
    case 'baidu': {
      // https://lbsyun.baidu.com/faq/api?title=webapi/uri/web — coord_type=bd09ll: the destination is BD-09.
      const [lng, lat] = convert(d, gcoord.BD09)
      const origin = from ? convert({ name: '', ...from }, gcoord.BD09) : null
      const q = new URLSearchParams({
        origin: origin ? `latlng:${fixed(origin[1])},${fixed(origin[0])}|name:我的位置` : '我的位置',
        destination: `latlng:${fixed(lat)},${fixed(lng)}|name:${d.name}`,
        region: COUNTY.name.zh,
        mode: 'driving',
        coord_type: 'bd09ll',
        output: 'html',
        src: 'webapp.citygrid.parking',
      })
      return `https://api.map.baidu.com/direction?${q}`
    }
    case 'apple': {
      // https://developer.apple.com/library/archive/featuredarticles/iPhoneURLScheme_Reference/MapLinks/MapLinks.html
      // Apple Maps' data in China is GCJ-02.
      const [lng, lat] = convert(d, gcoord.GCJ02)
      const q = new URLSearchParams({ daddr: `${fixed(lat)},${fixed(lng)}`, dirflg: 'd', q: d.name })
      return `https://maps.apple.com/?${q}`
    }
  }
}
