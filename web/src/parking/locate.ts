/** The phone's position, asked for once the person has pressed the button (never on page load). */
export type Located =
  | { ok: true; lng: number; lat: number; accuracyM: number }
  | { ok: false; reason: 'denied' | 'unavailable' | 'timeout' | 'unsupported' }

const LOCATE_TIMEOUT_MS = 10_000
/** A fix from the last minute is as good as a new one for finding a car park. */
const MAX_AGE_MS = 60_000

export function locate(geolocation: Geolocation | undefined = globalThis.navigator?.geolocation): Promise<Located> {
  if (!geolocation) return Promise.resolve({ ok: false, reason: 'unsupported' })
  return new Promise((resolve) => {
    geolocation.getCurrentPosition(
      (p) => resolve({ ok: true, lng: p.coords.longitude, lat: p.coords.latitude, accuracyM: p.coords.accuracy }),
      (err) =>
        resolve({
          ok: false,
          reason: err.code === err.PERMISSION_DENIED ? 'denied' : err.code === err.TIMEOUT ? 'timeout' : 'unavailable',
        }),
      { enableHighAccuracy: true, timeout: LOCATE_TIMEOUT_MS, maximumAge: MAX_AGE_MS },
    )
  })
}
