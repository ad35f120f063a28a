import { COUNTY, NEAREST_LIMIT_DEFAULT, pointInBBox, type NearestLot } from '@citygrid/shared'
import { shallowRef } from 'vue'
import { fetchNearest } from './parking-api.ts'
import { locate, type Located } from '../public-page/locate.ts'

export type NearestFrom =
  | { kind: 'position'; accuracyM: number }
  | { kind: 'centre'; reason: Extract<Located, { ok: false }>['reason'] | 'outside' }

export type NearestState =
  | { status: 'idle' }
  | { status: 'locating' }
  | { status: 'searching'; at: { lng: number; lat: number }; from: NearestFrom }
  | { status: 'done'; at: { lng: number; lat: number }; from: NearestFrom; lots: NearestLot[] }
  | { status: 'failed'; message: string }

/**
 * "Nearest with free spaces": the phone's position if it gives one inside the county, the map centre
 * otherwise (said so, with the reason), then the server's KNN.
 */
export function useNearest(mapCentre: () => { lng: number; lat: number }, find = fetchNearest, where: () => Promise<Located> = locate) {
  const state = shallowRef<NearestState>({ status: 'idle' })
  let run = 0

  async function search(): Promise<NearestState> {
    const mine = ++run
    state.value = { status: 'locating' }
    const here = await where()
    if (mine !== run) return state.value
    const inCounty = here.ok && pointInBBox([here.lng, here.lat], COUNTY.bbox)
    const at = here.ok && inCounty ? { lng: here.lng, lat: here.lat } : mapCentre()
    const from: NearestFrom = here.ok
      ? inCounty
        ? { kind: 'position', accuracyM: here.accuracyM }
        : { kind: 'centre', reason: 'outside' }
      : { kind: 'centre', reason: here.reason }
    state.value = { status: 'searching', at, from }
    try {
      const lots = await find(at, NEAREST_LIMIT_DEFAULT)
      if (mine === run) state.value = { status: 'done', at, from, lots }
    } catch (err) {
      if (mine === run) state.value = { status: 'failed', message: (err as Error).message }
    }
    return state.value
  }

  return { state, search }
}
