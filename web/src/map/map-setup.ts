import type { ClientConfig } from '@citygrid/shared'
import { fetchBasemap, fetchConfig } from '../api/map-api.ts'
import type { BasemapCollection } from './offline-style.ts'

export const EMPTY_BASEMAP: BasemapCollection = { type: 'FeatureCollection', features: [] }
const OFFLINE: ClientConfig = { basemap: { kind: 'offline' }, serviceArea: null }

export interface MapSetup {
  config: ClientConfig
  basemap: BasemapCollection
}

let config: Promise<ClientConfig> | null = null
let basemap: Promise<BasemapCollection> | null = null

/** Fetch once per page load; a failure is not kept, so the next map tries again. */
function once<T>(get: () => Promise<T>, keep: (p: Promise<T> | null) => void): Promise<T> {
  const p = get()
  keep(p)
  p.catch(() => keep(null))
  return p
}

/**
 * What every map needs before it can be built: `/api/config` (which basemap) and `/api/basemap` (our
 * county data). Each failure goes to `onError` and the map carries on with the offline style or no data.
 */
export async function loadMapSetup(onError: (err: unknown) => void): Promise<MapSetup> {
  const c = (config ??= once(fetchConfig, (p) => (config = p))).catch((err: unknown) => {
    onError(err)
    return OFFLINE
  })
  const b = (basemap ??= once(async () => (await fetchBasemap()) as BasemapCollection, (p) => (basemap = p))).catch(
    (err: unknown) => {
      onError(err)
      return EMPTY_BASEMAP
    },
  )
  const [cfg, data] = await Promise.all([c, b])
  return { config: cfg, basemap: data }
}

/**
 * Start fetching the setup now, for a map page about to open. A failure is not reported here: it is
 * not kept either, so the page asks again and reports its own.
 */
export function prefetchMapSetup(): void {
  void loadMapSetup(() => undefined)
}
