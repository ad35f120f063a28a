import { TILE_BUFFER, TILE_EXTENT, tileBBox } from '@citygrid/shared'
import { geoJSONToTile } from '@maplibre/geojson-vt'
import { fromGeojsonVt } from '@maplibre/vt-pbf'
import type pg from 'pg'
import { lotCollection } from '../public/public-parking.service.ts'

/** The citizens' parking lots as tiles: their own tile set, outside the staff layers, for anyone. */
export const PUBLIC_PARKING_TILES = 'public-parking'

/** What the public map draws of a lot: its colour (availability) and its counts; the rest is one request away by id. */
export const PUBLIC_PARKING_TILE_FIELDS = { id: 'String', availability: 'String', free: 'Number', total: 'Number' } as const

/**
 * A tile of public lots, from the same code as `GET /api/public/parking/lots` (only public lots, only
 * public fields; the availability comes from the lot's hours, read in TypeScript, so the JS encoder
 * makes it on either database). Not kept: lots are few, and their counts change all day.
 */
export async function publicParkingTile(pool: pg.Pool, z: number, x: number, y: number): Promise<Uint8Array> {
  const { features } = await lotCollection(pool, tileBBox(z, x, y, TILE_BUFFER))
  const tile = geoJSONToTile(
    {
      type: 'FeatureCollection',
      features: features.map((f) => ({
        type: 'Feature' as const,
        geometry: f.geometry,
        // Vector tiles have no null: a lot without counts has no free/total.
        properties: Object.fromEntries(Object.keys(PUBLIC_PARKING_TILE_FIELDS).flatMap((k) => {
          const v = (f.properties as Record<string, unknown>)[k]
          return v === null || v === undefined ? [] : [[k, v]]
        })),
      })),
    },
    z,
    x,
    y,
    { extent: TILE_EXTENT, buffer: TILE_BUFFER, clip: true, tolerance: 0 },
  )
  return fromGeojsonVt({ [PUBLIC_PARKING_TILES]: tile }, { version: 2, extent: TILE_EXTENT })
}
