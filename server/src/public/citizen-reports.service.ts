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
  type PublicStage,
} from '@citygrid/shared'
import type pg from 'pg'
import { tokenHash } from '../auth/secrets.ts'
import { ConflictError, NotFoundError } from '../http/errors.ts'
import type { AnonymousReporter, AnonymousReportLimits } from '../cases/anonymous-reports.ts'
import type { CaseRules } from '../cases/case-change.ts'
import { findPhoto, type CheckedPhoto, type PhotoRules, type StoredPhoto } from '../cases/photos.ts'
import { reportCase } from '../cases/report.ts'
import {
  afterPhotoIds,
  findCitizenReport,
  insertCitizenReport,
  rateCitizenReport,
  statusSteps,
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

/** Each public stage a case reached, first time first, from its statuses in order. */
export function publicStages(steps: readonly { status: CaseStatus; at: string }[]): { stage: PublicStage; at: string }[] {
  const reached: { stage: PublicStage; at: string }[] = []
  for (const step of steps) {
    const stage = PUBLIC_STAGE_OF[step.status]
    if (!reached.some((r) => r.stage === stage)) reached.push({ stage, at: step.at })
  }
  return reached
}

/**
 * A citizen's report: a case of the problem's class (source `citizen`, under the anonymous limits),
 * its photos as before-photos, and its tracking code, in one transaction. Only the code's hash is kept.
 */
export async function submitCitizenReport(
  pool: pg.Pool,
  rules: CaseRules,
  input: CitizenReportCreate,
  upload: { photos: CheckedPhoto[]; rules: PhotoRules } | null,
  anonymous: { limits: AnonymousReportLimits; reporter: AnonymousReporter },
): Promise<CitizenReportCreated> {
  const code = newTrackingCode()
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
    (tx, created) => insertCitizenReport(tx, { caseId: created.id, codeHash: tokenHash(code), problem: input.problem, phone: input.phone ?? null }),
  )
  return { code, trackUrl: `/report/${code}` }
}

async function reportByCode(pool: pg.Pool, code: string): Promise<StoredCitizenReport> {
  const report = await findCitizenReport(pool, tokenHash(code))
  if (!report) throw new NotFoundError('no report has this tracking code')
  return report
}

/** What the citizen who holds `code` sees of the report. */
export async function citizenReportView(pool: pg.Pool, code: string): Promise<CitizenReportView> {
  const report = await reportByCode(pool, code)
  const stages = publicStages(await statusSteps(pool, report.caseId))
  const done = report.status === 'closed'
  const photos = done ? await afterPhotoIds(pool, report.caseId) : []
  return {
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
}

/** The citizen's rating of a report whose case is closed (评价), once. */
export async function rateReport(pool: pg.Pool, code: string, rating: CitizenRating): Promise<CitizenReportView> {
  const report = await reportByCode(pool, code)
  if (!(await rateCitizenReport(pool, report.id, rating.level, rating.comment || null))) {
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
