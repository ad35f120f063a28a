import {
  EVENT_CLASSES,
  MAJOR_CLASSES,
  OPEN311_MAX_RESULTS,
  OPEN311_MAX_SPAN_DAYS,
  PUBLIC_EVENT_CLASSES,
  PUBLIC_STAGE_LABELS,
  PUBLIC_STAGE_OF,
  isOpen,
  isPublicClass,
  mergedIntoNote,
  type CaseStatus,
  type Open311Posted,
  type Open311Request,
  type Open311RequestCreate,
  type Open311RequestsQuery,
  type Open311Service,
  type Open311ServiceDefinition,
  type Open311Status,
  type Open311Token,
  type Open311Update,
  type Open311UpdatesQuery,
} from '@citygrid/shared'
import type pg from 'pg'
import { newToken, tokenHash } from '../auth/secrets.ts'
import { withTransaction } from '../db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../http/errors.ts'
import type { CaseRules } from '../cases/case-change.ts'
import { reportCaseIn } from '../cases/report.ts'
import { useOpen311Key } from './keys.repository.ts'
import { admitOpen311Request, type Open311Limits } from './open311.limits.ts'
import {
  caseNumberOfToken,
  insertOpen311Request,
  publicCases,
  publicCasesByNumber,
  publicStageSteps,
  type PublicCaseRow,
} from './open311.repository.ts'

const DAY_MS = 86_400_000

/** Every public event class as a service; none asks for attributes (metadata false). */
export function services(): Open311Service[] {
  return PUBLIC_EVENT_CLASSES.map((code) => {
    const c = EVENT_CLASSES[code]
    return {
      service_code: code,
      service_name: c.label.zh,
      description: c.label.en,
      metadata: false,
      type: 'batch',
      keywords: c.label.en,
      group: MAJOR_CLASSES[c.major]?.zh ?? null,
    }
  })
}

export function serviceDefinition(code: string): Open311ServiceDefinition {
  if (!isPublicClass(code)) throw new NotFoundError(`service_code: there is no service ${code} (GET services)`)
  return { service_code: code, attributes: [] }
}

const statusOf = (s: CaseStatus): Open311Status => (isOpen(s) ? 'open' : 'closed')
/** The public stage (上报 … 不予立案), or for a case merged into another public one, 已并入 and its number. */
const stageNote = (s: CaseStatus, mergedInto: string | null): string =>
  mergedInto ? mergedIntoNote(mergedInto) : PUBLIC_STAGE_LABELS[PUBLIC_STAGE_OF[s]].zh

/** A public case as a request; `mediaUrl` makes the URL of its photo. */
export function toRequest(row: PublicCaseRow, mediaUrl: (caseNumber: string) => string): Open311Request {
  return {
    service_request_id: row.caseNumber,
    status: statusOf(row.status),
    status_notes: stageNote(row.status, row.mergedInto),
    service_name: EVENT_CLASSES[row.classCode].label.zh,
    service_code: row.classCode,
    description: row.description || null,
    agency_responsible: row.agency,
    service_notice: null,
    requested_datetime: row.reportedAt,
    updated_datetime: row.updatedAt,
    expected_datetime: row.dueAt,
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: row.lat,
    long: row.lng,
    media_url: row.hasPhoto ? mediaUrl(row.caseNumber) : null,
  }
}

/** The span asked for: both ends, one end and 90 days, or the latest 90 days; never longer than 90 days. */
export function spanOf(q: { start_date?: string | undefined; end_date?: string | undefined }, now = new Date()): { from: string; to: string } {
  const span = OPEN311_MAX_SPAN_DAYS * DAY_MS
  const start = q.start_date ? Date.parse(q.start_date) : undefined
  const end = q.end_date ? Date.parse(q.end_date) : undefined
  const to = end ?? (start !== undefined ? start + span : now.getTime())
  const from = start ?? to - span
  if (from > to) throw new ValidationError([{ field: 'start_date', reason: 'must not be after end_date' }])
  if (to - from > span) throw new ValidationError([{ field: 'end_date', reason: `a span may not be longer than ${OPEN311_MAX_SPAN_DAYS} days` }])
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() }
}

export async function findRequests(pool: pg.Pool, q: Open311RequestsQuery, mediaUrl: (n: string) => string): Promise<Open311Request[]> {
  const rows = q.service_request_id?.length
    ? await publicCasesByNumber(pool, q.service_request_id.slice(0, OPEN311_MAX_RESULTS))
    : await publicCases(pool, {
        ...spanOf(q),
        classCodes: q.service_code?.length ? q.service_code : null,
        statuses: q.status?.length ? q.status : null,
        limit: OPEN311_MAX_RESULTS,
      })
  return rows.map((r) => toRequest(r, mediaUrl))
}

export async function findRequest(pool: pg.Pool, caseNumber: string, mediaUrl: (n: string) => string): Promise<Open311Request[]> {
  const [row] = await publicCasesByNumber(pool, [caseNumber])
  if (!row) throw new NotFoundError(`service_request_id: there is no public request ${caseNumber}`)
  return [toRequest(row, mediaUrl)]
}

/** The request a token stands for: the case it is on now (followed along merges, caseNumberOfToken). */
export async function resolveToken(pool: pg.Pool, token: string): Promise<Open311Token[]> {
  const caseNumber = await caseNumberOfToken(pool, tokenHash(token))
  if (!caseNumber) throw new NotFoundError('token: no request was posted with this token')
  return [{ service_request_id: caseNumber, token }]
}

/**
 * Each change of a public case's public stage in the span, oldest first, at most `limit`: from
 * start_date on when it is given (a client paging forward), else the newest of the span — a feed
 * read without a start shows what just happened, however busy the 90 days were.
 */
export async function findUpdates(pool: pg.Pool, q: Open311UpdatesQuery, limit = OPEN311_MAX_RESULTS): Promise<Open311Update[]> {
  const steps = await publicStageSteps(pool, { ...spanOf(q), limit, newest: !q.start_date, stageOf: PUBLIC_STAGE_OF })
  return steps.map((s) => ({
    update_id: String(s.id),
    service_request_id: s.caseNumber,
    status: statusOf(s.status),
    updated_datetime: s.at,
    description: stageNote(s.status, s.mergedInto),
    media_url: null,
  }))
}

/** The app behind an api_key: 403 for none, an unknown one or a revoked one, before anything else is read. */
export async function appOfKey(pool: pg.Pool, apiKey: string | undefined): Promise<number> {
  if (!apiKey) throw new ForbiddenError('api_key: missing — POST requests needs the API key issued for your app')
  const keyId = await useOpen311Key(pool, tokenHash(apiKey))
  if (keyId === undefined) throw new ForbiddenError('api_key: invalid or revoked — can not proceed with create_request')
  return keyId
}

/**
 * A posted request: a citizen case of the service's class through the one reporting path (service
 * area, numbering, history, event), counted against the app's key and the device it names (429 over
 * the limits), with the app's key, the token, the reporter's details and the media_url the app sent
 * stored in its transaction. Answers the token only.
 */
export async function postRequest(
  pool: pg.Pool,
  rules: CaseRules,
  keyId: number,
  input: Open311RequestCreate,
  limits: Open311Limits,
): Promise<Open311Posted[]> {
  if (!isPublicClass(input.service_code)) throw new NotFoundError(`service_code: there is no service ${input.service_code} (GET services)`)
  const token = newToken()
  const deviceId = input.device_id ?? null
  const report = {
    classCode: input.service_code,
    title: EVENT_CLASSES[input.service_code].label.zh,
    description: input.description ?? '',
    source: 'citizen' as const,
    coordSys: 'wgs84' as const,
    location: { type: 'Point' as const, coordinates: [input.long, input.lat] as [number, number] },
    address: input.address_string,
  }
  await withTransaction(pool, async (tx) => {
    await admitOpen311Request(tx, limits, keyId, deviceId)
    await reportCaseIn(tx, rules, report, null, null, null, (_, created) =>
      insertOpen311Request(tx, {
        caseId: created.id,
        keyId,
        tokenHash: tokenHash(token),
        email: input.email ?? null,
        phone: input.phone ?? null,
        firstName: input.first_name ?? null,
        lastName: input.last_name ?? null,
        deviceId,
        accountId: input.account_id ?? null,
        mediaUrl: input.media_url ?? null,
      }),
    )
  })
  return [{ token }]
}
