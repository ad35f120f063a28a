import { NearestLotsSchema, PublicLotCollectionSchema, type NearestLot, type PublicLotCollection } from '@citygrid/shared'
import { requestJson } from '../api/http.ts'

/** The public parking API (no login); every failure is an ApiError. */

/**
 * Every public lot, revalidated past the short shared cache (an ETag makes an unchanged answer a 304):
 * the snapshot must not be older than the live counts that follow it.
 */
export function fetchPublicLots(): Promise<PublicLotCollection> {
  return requestJson('/api/public/parking/lots', { schema: PublicLotCollectionSchema, cache: 'no-cache' })
}

/** The nearest open lots with free spaces, from the server's KNN over PostGIS geography. */
export async function fetchNearest(at: { lng: number; lat: number }, limit: number): Promise<NearestLot[]> {
  const q = new URLSearchParams({ lng: at.lng.toFixed(6), lat: at.lat.toFixed(6), limit: String(limit) })
  return (await requestJson(`/api/public/parking/nearest?${q}`, { schema: NearestLotsSchema })).lots
}
