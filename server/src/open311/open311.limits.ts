import type { Queryable } from '../db/transaction.ts'
import { TooManyRequestsError } from '../http/errors.ts'
import { waitFor } from '../cases/anonymous-reports.ts'
import { lockOpen311Key, secondsLeftOfKeyRequests } from './open311.repository.ts'

/**
 * OPEN311_REQUESTS_PER_HOUR_PER_KEY, and ANON_REPORTS_PER_HOUR_PER_DEVICE for a device an app names.
 * An app's backend posts for all its users from one address, so its posts are counted per key, not
 * per client address as citizens' own reports are.
 */
export interface Open311Limits {
  perHourPerKey: number
  perHourPerDevice: number
}

/**
 * Count a POST against its key, and its device (`device_id`) when the app names one, within the
 * reporting transaction — from open311_requests' last hour, under the key's lock, so parallel posts on
 * any number of server processes cannot all slip under the limit — or refuse it with 429 and
 * Retry-After (the transaction rolls back: nothing stored). The request's own row, written in the same
 * transaction, is what counts it.
 */
export async function admitOpen311Request(tx: Queryable, limits: Open311Limits, keyId: number, deviceId: string | null): Promise<void> {
  await lockOpen311Key(tx, keyId)
  const refusals: { seconds: number; why: string }[] = []
  const byKey = waitFor(await secondsLeftOfKeyRequests(tx, keyId, null), limits.perHourPerKey)
  if (byKey) refusals.push({ seconds: byKey, why: `${limits.perHourPerKey} per api_key` })
  if (deviceId !== null) {
    const byDevice = waitFor(await secondsLeftOfKeyRequests(tx, keyId, deviceId), limits.perHourPerDevice)
    if (byDevice) refusals.push({ seconds: byDevice, why: `${limits.perHourPerDevice} per device_id` })
  }
  if (refusals.length) {
    const seconds = Math.max(...refusals.map((r) => r.seconds))
    throw new TooManyRequestsError(
      `requests are limited to ${refusals.map((r) => r.why).join(' and ')} an hour; try again in ${seconds} s`,
      seconds,
    )
  }
}
