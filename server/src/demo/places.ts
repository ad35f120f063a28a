import type { FeatureCollection, Geometry, LineString, Point, Polygon } from 'geojson'
import type { BasemapProperties } from '@citygrid/shared'
import type { LngLat } from './geometry.ts'

export interface Street {
  name: string
  town: string
  line: LngLat[]
  /** Share of the demo's street activity (the seat is busier than outlying towns). */
  weight: number
}

export interface Town {
  name: string
  at: LngLat
  isSeat: boolean
}

export interface Places {
  streets: Street[]
  towns: Town[]
  /** The seat's built-up area, outer ring. */
  builtUp: LngLat[]
}

const SEAT = '南江镇（县城）'

/** Streets, towns and the built-up area from the project's basemap data. */
export function placesFrom(fc: FeatureCollection<Geometry, BasemapProperties>): Places {
  const towns: Town[] = fc.features
    .filter((f) => f.properties.kind === 'town')
    .map((f) => ({ name: f.properties.name.zh, at: (f.geometry as Point).coordinates as LngLat, isSeat: f.properties.name.zh === SEAT }))
  const streets: Street[] = fc.features
    .filter((f) => f.properties.kind === 'street')
    .map((f) => {
      const name = f.properties.name.zh
      const town = towns.find((t) => !t.isSeat && name.startsWith(t.name))
      return {
        name,
        town: town ? town.name : SEAT,
        line: (f.geometry as LineString).coordinates as LngLat[],
        weight: town ? 0.6 : 3,
      }
    })
  const builtUpFeature = fc.features.find((f) => f.properties.kind === 'built_up')
  if (!builtUpFeature || streets.length === 0 || towns.length === 0) {
    throw new Error('the basemap needs a built-up area, streets and towns to place the demo city')
  }
  return { streets, towns, builtUp: (builtUpFeature.geometry as Polygon).coordinates[0] as LngLat[] }
}
