import gcoord, { type CRSTypes } from 'gcoord'
import { CaseCreateSchema, REPORT_SOURCES, type CaseSummary, type CoordSys, type CaseSource, type Principal } from '@citygrid/shared'
import type pg from 'pg'
import type { z } from 'zod'
import { withTransaction, type Queryable } from '../db/transaction.ts'
import { ForbiddenError } from '../http/errors.ts'
import { emitEvent } from '../realtime/outbox.ts'
import { outsideServiceArea } from '../basemap/service-area.ts'
import { insertReport } from './cases.repository.ts'
import { stageDeadline, type CaseRules } from './case-change.ts'
import { admitAnonymousReport, type AnonymousReporter, type AnonymousReportLimits } from './anonymous-reports.ts'
import { removeFiles, storePhotos, type CheckedPhoto, type PhotoRules } from './photos.ts'

const CRS: Record<CoordSys, CRSTypes> = {
  wgs84: gcoord.WGS84,
  gcj02: gcoord.GCJ02,
  bd09: gcoord.BD09,
}

/** WGS-84 is the one stored system; GCJ-02 (AMap, Tencent) and BD-09 (Baidu) are converted on the way in. */
export function toWgs84(coordinates: readonly [number, number], from: CoordSys): [number, number] {
  if (from === 'wgs84') return [coordinates[0], coordinates[1]]
  const [lng, lat] = gcoord.transform([coordinates[0], coordinates[1]], CRS[from], gcoord.WGS84) as [number, number]
  return [lng, lat]
}

export type CaseReport = z.output<typeof CaseCreateSchema> & {
  source: CaseSource
  /** When it was reported, if before now (a complaint taken in after it came in); default now. */
  reportedAt?: string
}

export function sourceFor(principal: Principal | null, requested: CaseSource | undefined): CaseSource {
  if (principal?.kind === 'display') throw new ForbiddenError('a wall screen does not report cases')
  const who = principal ? principal.user.role : 'anonymous'
  const allowed = REPORT_SOURCES[who]
  if (!allowed.length) throw new ForbiddenError(`role '${who}' does not report cases`)
  if (requested && !allowed.includes(requested)) {
    const reporter = who === 'anonymous' ? 'a report without sign-in' : `role '${who}'`
    throw new ForbiddenError(`${reporter} may report as ${allowed.join(', ')}, not as '${requested}'`)
  }
  return requested ?? allowed[0]!
}

/** Photos of the scene sent with a report (checked already), and where they are stored. */
export interface ReportPhotos {
  photos: CheckedPhoto[]
  rules: PhotoRules
}

/** More of a report stored in its transaction: with the case and its first history entry (its photos'). */
export type Alongside = (tx: Queryable, created: CaseSummary, historyId: number) => Promise<void>

/**
 * Report a case: store it — grid cell, zones, filing clock and first history entry in one statement
 * (cases.repository insertReport) — with its before-photos and its `case.created` event, in one
 * transaction. A report without sign-in (`anonymous`) is counted against its reporter's limits in that
 * transaction first: over them, a 429 and nothing stored.
 */
export async function reportCase(
  pool: pg.Pool,
  rules: CaseRules,
  input: CaseReport,
  reportedBy: number | null = null,
  anonymous: { limits: AnonymousReportLimits; reporter: AnonymousReporter } | null = null,
  upload: ReportPhotos | null = null,
  /** More of the report to store in its transaction (a citizen's tracking code). */
  alongside: Alongside | null = null,
): Promise<CaseSummary> {
  const written: string[] = []
  return withTransaction(pool, async (tx) => {
    if (anonymous) await admitAnonymousReport(tx, anonymous.limits, anonymous.reporter)
    return reportCaseIn(tx, rules, input, reportedBy, null, upload && { ...upload, written }, alongside)
  }).catch(async (err: unknown) => {
    await removeFiles(written) // the transaction rolled back: no row points at these files
    throw err
  })
}

/** `reportCase` inside the caller's transaction (sensor alarms raise cases while ingesting). */
export async function reportCaseIn(
  tx: Queryable,
  rules: CaseRules,
  input: CaseReport,
  reportedBy: number | null,
  /** For a sensor alarm: the site, and the device time of the reading that tripped the rule. */
  alarm: { siteId: number; at: string } | null = null,
  /** Before-photos, stored with the first history entry; the paths written go to `written`. */
  upload: (ReportPhotos & { written: string[] }) | null = null,
  /** More of the report to store with it, before its event (which takes the outbox lock to commit). */
  alongside: Alongside | null = null,
): Promise<CaseSummary> {
  const [lng, lat] = toWgs84(input.location.coordinates, input.coordSys)
  const reportedAt = alarm?.at ?? input.reportedAt ?? new Date().toISOString()
  const created = await insertReport(tx, {
    classCode: input.classCode,
    title: input.title,
    description: input.description,
    source: input.source,
    lng,
    lat,
    reportedAt,
    reportedBy,
    alarmSiteId: alarm?.siteId ?? null,
    deadlineAt: stageDeadline(rules, input.classCode, 'reported', new Date(reportedAt)),
    // A report must fall in the service area; an alarm comes from a registered site wherever it is.
    inServiceAreaOnly: !alarm,
    address: input.address ?? null,
  })
  if (!created) throw await outsideServiceArea(tx, lng, lat, 'location')
  const { historyId, ...summary } = created
  if (upload) await storePhotos(tx, upload.rules, summary.id, historyId, 'before', upload.photos, upload.written)
  if (alongside) await alongside(tx, summary, historyId)
  await emitEvent(tx, 'case.created', summary)
  return summary
}
