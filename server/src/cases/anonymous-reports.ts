import type { Queryable } from '../db/transaction.ts'
import { TooManyRequestsError } from '../http/errors.ts'
import { tokenHash } from '../auth/secrets.ts'
import { lockReporterKeys, recordAnonymousReport, secondsLeftOfRecentReports, type ReporterKey } from './anonymous-reports.repository.ts'

/** ANON_REPORTS_PER_HOUR_PER_ADDRESS and …_PER_DEVICE. */
export interface AnonymousReportLimits {
  perHourPerAddress: number
  perHourPerDevice: number
}

/** Who sends an anonymous report: the client address, and the device id of its cookie. */
export interface AnonymousReporter {
  address: string
  device: {
    id: string
    /** The request carried it (counted); otherwise it is new, given with this report and counted from the next one. */
    sent: boolean
  }
}

/** Seconds until a key with these reports (seconds left each, oldest first) may report again under `limit`; 0: now. */
export function waitFor(secondsLeft: readonly number[], limit: number): number {
  if (secondsLeft.length < limit) return 0
  // The report whose leaving the hour brings the count under the limit.
  return Math.max(1, Math.ceil(secondsLeft[secondsLeft.length - limit]!))
}

/**
 * Count an anonymous report against its address and device within the reporting transaction, or
 * refuse it with 429 and Retry-After (then the transaction rolls back and nothing is stored). Per key
 * an advisory lock makes parallel reports from one address or device take turns, so they cannot all
 * slip under the limit, on any number of server processes.
 */
export async function admitAnonymousReport(tx: Queryable, limits: AnonymousReportLimits, reporter: AnonymousReporter): Promise<void> {
  const deviceHash = tokenHash(reporter.device.id)
  const address: ReporterKey = { kind: 'address', value: reporter.address }
  const device: ReporterKey | null = reporter.device.sent ? { kind: 'device', value: deviceHash } : null
  await lockReporterKeys(tx, device ? [address, device] : [address])
  const refusals: { seconds: number; why: string }[] = []
  const byAddress = waitFor(await secondsLeftOfRecentReports(tx, address), limits.perHourPerAddress)
  if (byAddress) refusals.push({ seconds: byAddress, why: `${limits.perHourPerAddress} from one address` })
  if (device) {
    const byDevice = waitFor(await secondsLeftOfRecentReports(tx, device), limits.perHourPerDevice)
    if (byDevice) refusals.push({ seconds: byDevice, why: `${limits.perHourPerDevice} from one device` })
  }
  if (refusals.length) {
    const seconds = Math.max(...refusals.map((r) => r.seconds))
    throw new TooManyRequestsError(
      `reports without signing in are limited to ${refusals.map((r) => r.why).join(' and ')} an hour; try again in ${seconds} s`,
      seconds,
    )
  }
  await recordAnonymousReport(tx, reporter.address, deviceHash)
}
