import { randomBytes } from 'node:crypto'
import {
  CITIZEN_PROBLEMS,
  PUBLIC_STAGE_OF,
  TRACKING_CODE_ALPHABET,
  TRACKING_CODE_LENGTH,
  type CaseStatus,
  type CitizenRating,
  type CitizenReportCreate,
  type CitizenReportCreated,
  type CitizenReportView,
  type NearbyReports,
  type NearbyReportsQuery,
  type PublicStage,
} from '@citygrid/shared'
import type pg from 'pg'
import { tokenHash } from '../auth/secrets.ts'
import { withTransaction } from '../db/transaction.ts'
import { ConflictError, NotFoundError } from '../http/errors.ts'
import { outsideServiceArea } from '../basemap/service-area.ts'
import { admitAnonymousReport, type AnonymousReporter, type AnonymousReportLimits } from '../cases/anonymous-reports.ts'
import type { CaseRules } from '../cases/case-change.ts'
import { addRecordEntry } from '../cases/case-reports.repository.ts'
import { findCase } from '../cases/cases.repository.ts'
import { findPhoto, removeFiles, storePhotos, type CheckedPhoto, type PhotoRules, type StoredPhoto } from '../cases/photos.ts'
import { reportCase, toWgs84 } from '../cases/report.ts'
import { emitEvent } from '../realtime/outbox.ts'
import {
  afterPhotoIds,
  findCitizenReport,
  insertCitizenReport,
  lockJoinTarget,
  nearbyOpenCases,
  rateCitizenReport,
  statusSteps,
  type JoinTarget,
  type StoredCitizenReport,
} from './citizen-reports.repository.ts'

/** A new tracking code: TRACKING_CODE_LENGTH characters of a 32-letter alphabet, 5 random bits each. */
export function newTrackingCode(): string {
  const bytes = randomBytes(Math.ceil((TRACKING_CODE_LENGTH * 5) / 8))
  let code = ''
  for (let i = 0; i < TRACKING_CODE_LENGTH; i++) {
    const bit = i * 5
    const pair = (bytes[bit >> 3]! << 8) | (bytes[(bit >> 3) + 1] ?? 0)
    code += TRACKING_CODE_ALPHABET[(pair >> (11 - (bit & 7))) & 31]
  }
  return code
}

/**
 * Each public stage a case reached, first time first, from its statuses in order. `since`: the
 * citizen's own report, when it joined a case reported before — a stage the case had reached by then
 * is reached, for this citizen, when they reported.
 */
export function publicStages(steps: readonly { status: CaseStatus; at: string }[], since?: string): { stage: PublicStage; at: string }[] {
  const reached: { stage: PublicStage; at: string }[] = []
  const from = since === undefined ? -Infinity : Date.parse(since)
  for (const step of steps) {
    const stage = PUBLIC_STAGE_OF[step.status]
    const at = Date.parse(step.at) < from ? since! : step.at
    if (!reached.some((r) => r.stage === stage)) reached.push({ stage, at })
  }
  return reached
}

/**
 * A citizen's report: a case of the problem's class (source `citizen`, under the anonymous limits),
 * its photos as before-photos, and its tracking code, in one transaction. Only the code's hash is kept.
 * With `join`, the report is added to that open case instead (joinCase).
 */
export async function submitCitizenReport(
  pool: pg.Pool,
  rules: CaseRules,
  input: CitizenReportCreate,
  upload: { photos: CheckedPhoto[]; rules: PhotoRules } | null,
  anonymous: { limits: AnonymousReportLimits; reporter: AnonymousReporter },
): Promise<CitizenReportCreated> {
  const code = newTrackingCode()
  if (input.join !== undefined) {
    await joinCase(pool, rules, input, input.join, tokenHash(code), upload, anonymous)
    return { code, trackUrl: `/report/${code}` }
  }
  const problem = CITIZEN_PROBLEMS[input.problem]
  await reportCase(
    pool,
    rules,
    {
      classCode: problem.classCode,
      title: problem.label.zh,
      description: input.description ?? '',
      source: 'citizen',
      coordSys: input.coordSys,
      location: { type: 'Point', coordinates: [input.lng, input.lat] },
    },
    null,
    anonymous,
    upload,
    async (tx, created, historyId) => {
      const [lng, lat] = created.location.coordinates
      await insertCitizenReport(tx, {
        caseId: created.id,
        codeHash: tokenHash(code),
        problem: input.problem,
        phone: input.phone ?? null,
        description: input.description || null,
        lng: lng!,
        lat: lat!,
        historyId,
        opened: true,
      })
    },
  )
  return { code, trackUrl: `/report/${code}` }
}

/**
 * Why a report may not join `target`, or null when it may: the first duplicate condition it fails
 * (citizen-reports.repository DUPLICATES reads them), in words for the citizen.
 */
export function joinRefusal(target: JoinTarget | undefined, input: CitizenReportCreate, rules: CaseRules, caseNumber: string): string | null {
  const { distanceM, windowHours } = rules.duplicates
  if (!target || !target.public) return `no case ${caseNumber} that a report can join`
  if (target.mergedInto) return `case ${caseNumber} was merged into ${target.mergedInto}: add yours there`
  if (!target.open) return `case ${caseNumber} is ${target.status === 'closed' ? 'done' : 'not taken up'}: report this as a new problem`
  if (!target.sameClass) return `case ${caseNumber} is about another kind of problem than '${input.problem}'`
  if (!target.near) return `case ${caseNumber} is ${Math.round(target.distanceM)} m from this place, farther than ${distanceM} m`
  if (!target.recent) return `case ${caseNumber} was reported more than ${windowHours} hours ago`
  return null
}

/**
 * Add a citizen's report to the open case `caseNumber` (a duplicate: "already reported — add yours?"),
 * in one transaction: counted against the anonymous limits, the case locked and checked (open, of the
 * problem's class, within the duplicate distance and window — else 409 naming `join`, nothing stored),
 * a `join` history entry carrying the report's photos as before-photos, the report with its own words
 * and place, and the case's change pushed.
 */
async function joinCase(
  pool: pg.Pool,
  rules: CaseRules,
  input: CitizenReportCreate,
  caseNumber: string,
  codeHash: string,
  upload: { photos: CheckedPhoto[]; rules: PhotoRules } | null,
  anonymous: { limits: AnonymousReportLimits; reporter: AnonymousReporter },
): Promise<void> {
  const [lng, lat] = toWgs84([input.lng, input.lat], input.coordSys)
  const written: string[] = []
  await withTransaction(pool, async (tx) => {
    await admitAnonymousReport(tx, anonymous.limits, anonymous.reporter)
    const { distanceM, windowHours } = rules.duplicates
    const target = await lockJoinTarget(tx, caseNumber, { classCode: CITIZEN_PROBLEMS[input.problem].classCode, lng, lat, distanceM, windowHours })
    if (target && !target.inServiceArea) throw await outsideServiceArea(tx, lng, lat, 'location')
    const refusal = joinRefusal(target, input, rules, caseNumber)
    if (refusal) throw new ConflictError(refusal, [{ field: 'join', reason: refusal }])
    const historyId = await addRecordEntry(tx, { caseId: target!.id, action: 'join', status: target!.status, actorId: null, comment: null })
    if (upload) await storePhotos(tx, upload.rules, target!.id, historyId, 'before', upload.photos, written)
    await insertCitizenReport(tx, {
      caseId: target!.id,
      codeHash,
      problem: input.problem,
      phone: input.phone ?? null,
      description: input.description || null,
      lng,
      lat,
      historyId,
      opened: false,
    })
    await emitEvent(tx, 'case.updated', (await findCase(tx, target!.id))!)
  }).catch(async (err: unknown) => {
    await removeFiles(written) // the transaction rolled back: no row points at these files
    throw err
  })
}

/** The open cases of the problem's class near the place a citizen is about to report ("already reported, N times"). */
export async function nearbyReports(pool: pg.Pool, rules: CaseRules, q: NearbyReportsQuery): Promise<NearbyReports> {
  const [lng, lat] = toWgs84([q.lng, q.lat], q.coordSys)
  const { distanceM, windowHours } = rules.duplicates
  const found = await nearbyOpenCases(pool, { classCode: CITIZEN_PROBLEMS[q.problem].classCode, lng, lat, distanceM, windowHours })
  return {
    items: found.map((c) => ({
      caseNumber: c.caseNumber,
      stage: PUBLIC_STAGE_OF[c.status],
      reportedAt: c.reportedAt,
      reports: c.reports,
      distanceM: c.distanceM,
    })),
    distanceM,
    windowHours,
  }
}

async function reportByCode(pool: pg.Pool, code: string): Promise<StoredCitizenReport> {
  const report = await findCitizenReport(pool, tokenHash(code))
  if (!report) throw new NotFoundError('no report has this tracking code')
  return report
}

/** What the citizen who holds `code` sees of the report. */
export async function citizenReportView(pool: pg.Pool, code: string): Promise<CitizenReportView> {
  return (await followReport(pool, code)).view
}

/**
 * The report's view and the case it is on now: a merge or a split moves a report to another case,
 * whose changes its live channel follows from then on.
 */
export async function followReport(pool: pg.Pool, code: string): Promise<{ view: CitizenReportView; caseId: number }> {
  const report = await reportByCode(pool, code)
  const stages = publicStages(await statusSteps(pool, report.caseId), report.reportedAt)
  const done = report.status === 'closed'
  const photos = done ? await afterPhotoIds(pool, report.caseId) : []
  const view: CitizenReportView = {
    problem: report.problem,
    location: [report.lng, report.lat],
    description: report.description || null,
    reportedAt: report.reportedAt,
    stage: PUBLIC_STAGE_OF[report.status],
    stages,
    afterPhotos: photos.map((id) => `/api/public/reports/${code}/photos/${id}`),
    rating: report.rating ? { level: report.rating, comment: report.ratingComment, at: report.ratedAt! } : null,
    canRate: done && !report.rating,
  }
  return { view, caseId: report.caseId }
}

/** The citizen's rating of a report whose case is closed (评价), once. */
/**
 * Rate a report once its case is done, once. The rating is pushed as a change of its case (the same
 * `case.updated` a staff action gives): staff see it live, and every page following the report —
 * on another phone, through another server process — stops offering to rate.
 */
export async function rateReport(pool: pg.Pool, code: string, rating: CitizenRating): Promise<CitizenReportView> {
  const report = await reportByCode(pool, code)
  const rated = await withTransaction(pool, async (tx) => {
    if (!(await rateCitizenReport(tx, report.id, rating.level, rating.comment || null))) return false
    await emitEvent(tx, 'case.updated', (await findCase(tx, report.caseId))!)
    return true
  })
  if (!rated) {
    const now = await reportByCode(pool, code)
    throw new ConflictError(now.rating ? 'this report is rated already' : 'a report can be rated once its case is done')
  }
  return citizenReportView(pool, code)
}

/** An after-photo of the report's case, once the case is done; 404 for any other photo. */
export async function citizenPhoto(pool: pg.Pool, code: string, photoId: number): Promise<StoredPhoto> {
  const report = await reportByCode(pool, code)
  const shown = report.status === 'closed' ? await afterPhotoIds(pool, report.caseId) : []
  const photo = shown.includes(photoId) ? await findPhoto(pool, photoId) : undefined
  if (!photo) throw new NotFoundError(`this report has no photo ${photoId}`)
  return photo
}
