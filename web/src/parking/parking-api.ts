import { NearestLotsSchema, PublicLotCollectionSchema, type NearestLot, type PublicLotCollection } from '@citygrid/shared'
import { requestJson } from '../api/http.ts'

/** The public parking API (no login); every failure is an ApiError. */

/** Every public lot. `fresh` revalidates past the short shared cache (after a reconnect). */
export function fetchPublicLots(fresh = false): Promise<PublicLotCollection> {
  return requestJson('/api/public/parking/lots', { schema: PublicLotCollectionSchema, ...(fresh ? { cache: 'no-cache' as const } : {}) })
}

/** The nearest open lots with free spaces, from the server's KNN over PostGIS geography. */
export async function fetchNearest(at: { lng: number; lat: number }, limit: number): Promise<NearestLot[]> {
  const q = new URLSearchParams({ lng: at.lng.toFixed(6), lat: at.lat.toFixed(6), limit: String(limit) })
  return (await requestJson(`/api/public/parking/nearest?${q}`, { schema: NearestLotsSchema })).lots
}
