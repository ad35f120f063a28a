import type { LayerProperties } from '@citygrid/shared'
import { defineDemoLayer } from '../demo-layer.ts'
import { along, offset, round, type LngLat } from '../geometry.ts'
import type { Street } from '../places.ts'

type Facility = LayerProperties['sanitation-facilities'] & { lng: number; lat: number }
type Kind = Facility['kind']

/** Spread of the boxes and drop-off points after the transfer stations (one per town, two in the seat). */
const SPREAD: readonly (readonly [Exclude<Kind, 'transfer_station'>, number])[] = [
  ['compactor_box', 40],
  ['hook_lift_box', 30],
  ['sorting_point', 30],
]
/** Tonnes a day (stations) or a load (boxes). */
const CAPACITY: Record<Kind, [number, number] | null> = {
  transfer_station: [20, 80],
  compactor_box: [3, 8],
  hook_lift_box: [1.5, 4],
  sorting_point: null,
}
const NAMED: Record<Kind, string> = {
  transfer_station: '垃圾中转站',
  compactor_box: '垃圾压缩箱',
  hook_lift_box: '勾臂式垃圾箱',
  sorting_point: '垃圾分类投放点',
}

/**
 * 环卫设施 of the demo county: a transfer station by every town (two in the seat, the busiest), then
 * compactor boxes, hook-lift boxes and sorting drop-off points along the streets, most in the seat.
 */
export const demo = defineDemoLayer<Facility>({
  table: 'sanitation_facilities',
  baseCount: 60,
  generate({ places, rnd, count }) {
    const seat = places.towns.find((t) => t.isSeat)!
    const stationTowns = [seat, ...places.towns].slice(0, count)
    const streetsOf = (town: string): Street[] => places.streets.filter((s) => s.town === town)
    const onStreet = (street: Street): LngLat => {
      const { point, angle } = along(street.line, rnd.next())
      const d = (rnd.chance(0.5) ? 1 : -1) * rnd.range(5, 12)
      return offset(point, -Math.sin(angle) * d, Math.cos(angle) * d)
    }
    const capacity = (kind: Kind) => {
      const range = CAPACITY[kind]
      return range ? Math.round(rnd.range(range[0], range[1]) * 10) / 10 : null
    }
    const code = (i: number) => `HW-${String(i + 1).padStart(4, '0')}`
    const status = () => rnd.weighted<Facility['status']>([['in_service', 85], ['maintenance', 10], ['out_of_service', 5]])
    const facilities: Facility[] = stationTowns.map((town, i) => {
      const street = rnd.pick(streetsOf(town.name).length ? streetsOf(town.name) : places.streets)
      const [lng, lat] = offset(town.at, rnd.gauss() * 400, rnd.gauss() * 400)
      const name = i === 0 ? `${town.name}城北${NAMED.transfer_station}` : `${town.name}${NAMED.transfer_station}`
      return { code: code(i), name, kind: 'transfer_station', status: status(), capacityTonnes: capacity('transfer_station'), street: street.name, town: town.name, lng: round(lng), lat: round(lat) }
    })
    const streetPicker = places.streets.map((s) => [s, s.weight] as const)
    while (facilities.length < count) {
      const kind = rnd.weighted(SPREAD)
      const street = rnd.weighted(streetPicker)
      const [lng, lat] = onStreet(street)
      const name = `${street.name}${NAMED[kind]}`
      facilities.push({ code: code(facilities.length), name, kind, status: status(), capacityTonnes: capacity(kind), street: street.name, town: street.town, lng: round(lng), lat: round(lat) })
    }
    return facilities
  },
  insert: (tx, rows) =>
    tx.query(
      `INSERT INTO sanitation_facilities (code, name, kind, status, capacity_tonnes, street, town, geom)
       SELECT f.code, f.name, f.kind, f.status, f.capacity_tonnes, f.street, f.town, ST_SetSRID(ST_MakePoint(f.lng, f.lat), 4326)
         FROM jsonb_to_recordset($1::jsonb) AS f(
           code text, name text, kind text, status text, capacity_tonnes numeric, street text, town text, lng float8, lat float8)`,
      [JSON.stringify(rows.map((r) => ({ ...r, capacity_tonnes: r.capacityTonnes })))],
    ),
})
