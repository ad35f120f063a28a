/** The phone's position, asked for once the person has pressed a button (never on page load); WGS-84, as the Geolocation API gives it. */
export type Located =
  | { ok: true; lng: number; lat: number; accuracyM: number }
  | { ok: false; reason: 'denied' | 'unavailable' | 'timeout' | 'unsupported' }

const LOCATE_TIMEOUT_MS = 10_000
/** To find a car park, a fix from the last minute is as good as a new one. */
const MAX_AGE_MS = 60_000

/**
 * `maxAgeMs`: how old a fix the phone may answer with — a minute by default; 0 where the place itself is
 * the answer (a report: the person may have walked since).
 */
export function locate(geolocation: Geolocation | undefined = globalThis.navigator?.geolocation, maxAgeMs = MAX_AGE_MS): Promise<Located> {
  if (!geolocation) return Promise.resolve({ ok: false, reason: 'unsupported' })
  return new Promise((resolve) => {
    geolocation.getCurrentPosition(
      (p) => resolve({ ok: true, lng: p.coords.longitude, lat: p.coords.latitude, accuracyM: p.coords.accuracy }),
      (err) =>
        resolve({
          ok: false,
          reason: err.code === err.PERMISSION_DENIED ? 'denied' : err.code === err.TIMEOUT ? 'timeout' : 'unavailable',
        }),
      { enableHighAccuracy: true, timeout: LOCATE_TIMEOUT_MS, maximumAge: maxAgeMs },
    )
  })
}
