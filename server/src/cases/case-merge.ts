import { CITIZEN_PROBLEMS, isOpen, type CaseMerge, type CaseSplit, type User } from '@citygrid/shared'
import type pg from 'pg'
import { withTransaction, type Queryable } from '../db/transaction.ts'
import { AppError, ConflictError, NotFoundError, ValidationError } from '../http/errors.ts'
import { emitEvent } from '../realtime/outbox.ts'
import { mergedState, stageDeadline, type CaseRules, type CaseState } from './case-change.ts'
import {
  addRecordEntry,
  caseIdByNumber,
  caseNumberOf,
  lockReportsOf,
  moveReports,
  moveReportsAndPhotos,
  setMergedInto,
} from './case-reports.repository.ts'
import { findCase, insertHistory, insertReport, lockCase, writeCase } from './cases.repository.ts'

/**
 * Operators decide by hand what is one case (issue #17): merge a duplicate into the case it repeats,
 * or split citizens' reports that joined a case wrongly out into a case of their own. Each in one
 * transaction, recorded in both cases' histories and pushed as both cases' changes; every refusal a
 * 4xx naming its field, with nothing written.
 */

const refuse = (field: string, reason: string) => new ConflictError(reason, [{ field, reason }])

/** The case `into` names (an id or a case number), or a 404 naming `into`. */
async function targetId(tx: Queryable, into: CaseMerge['into']): Promise<number> {
  const id = typeof into === 'number' ? into : await caseIdByNumber(tx, into)
  if (id === undefined) throw new AppError(404, 'not_found', `no case ${into}`, [{ field: 'into', reason: `no case ${into}` }])
  return id
}

/** Both cases, locked in id order (two merges the other way round wait, never deadlock). */
async function lockBoth(tx: Queryable, a: number, b: number): Promise<[CaseState | undefined, CaseState | undefined]> {
  const [first, second] = a < b ? [a, b] : [b, a]
  const x = await lockCase(tx, first)
  const y = await lockCase(tx, second)
  return a < b ? [x, y] : [y, x]
}

/**
 * Merge case `id` into the case `body.into`: both open, of one class, not the same. `id`'s citizens'
 * reports and their photos move to the target (its citizens follow the target from now on; staff photos
 * stay in `id`'s history); `id` ends as a cancel ends a case (case-change.ts mergedState), from any open
 * status, naming the target (`merged_into`). One clock, `now`, for every entry. Answers the target's id.
 */
export async function mergeCase(pool: pg.Pool, rules: CaseRules, id: number, body: CaseMerge, user: User, now = new Date()): Promise<number> {
  return withTransaction(pool, async (tx) => {
    const into = await targetId(tx, body.into)
    if (into === id) throw new ValidationError([{ field: 'into', reason: 'a case cannot be merged into itself' }])
    const [source, target] = await lockBoth(tx, id, into)
    if (!source) throw new NotFoundError(`case ${id} does not exist`)
    if (!target) throw new AppError(404, 'not_found', `no case ${into}`, [{ field: 'into', reason: `no case ${into}` }])
    const [sourceNumber, targetNumber] = [await caseNumberOf(tx, id), await caseNumberOf(tx, into)]
    if (!isOpen(source.status)) throw refuse('id', `case ${sourceNumber} is ${source.status}: only an open case is merged`)
    if (!isOpen(target.status)) throw refuse('into', `case ${targetNumber} is ${target.status}: a case is merged only into an open one`)
    if (source.classCode !== target.classCode) {
      throw refuse('into', `case ${targetNumber} is of class ${target.classCode}, case ${sourceNumber} of ${source.classCode}: only cases of one class are merged`)
    }
    const ended = mergedState(rules, source, now)
    await writeCase(tx, ended)
    await setMergedInto(tx, id, into)
    await insertHistory(tx, {
      caseId: id,
      action: 'merge',
      fromStatus: source.status,
      toStatus: ended.status,
      actorId: user.id,
      at: ended.updatedAt,
      comment: targetNumber,
      department: null,
      extraHours: null,
    })
    const entry = await addRecordEntry(tx, { caseId: into, action: 'merge_in', status: target.status, actorId: user.id, comment: sourceNumber, at: now })
    await moveReportsAndPhotos(tx, id, into, entry)
    await emitEvent(tx, 'case.updated', (await findCase(tx, id))!)
    await emitEvent(tx, 'case.updated', (await findCase(tx, into))!)
    return into
  })
}

/**
 * Split the citizens' reports `body.reports` of case `id` out into a new case of their own: a citizen
 * case at the oldest one's place, in its words and its problem's class, reported when it was, with
 * their photos; their citizens follow the new case, which is opened with that oldest one. Refused for a
 * report not on the case, or for the report the case was opened with (the case stands at its place, in
 * its words). Answers the new case's id.
 */
export async function splitCase(pool: pg.Pool, rules: CaseRules, id: number, body: CaseSplit, user: User, now = new Date()): Promise<number> {
  return withTransaction(pool, async (tx) => {
    const c = await lockCase(tx, id)
    if (!c) throw new NotFoundError(`case ${id} does not exist`)
    const summary = (await findCase(tx, id))!
    if (!isOpen(c.status)) throw refuse('id', `case ${summary.caseNumber} is ${c.status}: only an open case is split`)
    const reports = await lockReportsOf(tx, id)
    const onCase = new Set(reports.map((r) => r.id))
    const opener = reports.find((r) => r.opened)?.id
    const wrong = body.reports.flatMap((rid, i) => {
      const field = `reports.${i}`
      if (!onCase.has(rid)) return [{ field, reason: `report ${rid} is not on case ${summary.caseNumber}` }]
      // The case stands at that report's place, in its words: it would be left describing what went.
      if (rid === opener) return [{ field, reason: `case ${summary.caseNumber} was opened with this report: split the others out` }]
      return []
    })
    if (wrong.length) throw new ConflictError(wrong.map((w) => w.reason).join('; '), wrong)
    const chosen = reports.filter((r) => body.reports.includes(r.id))
    const first = chosen[0]!
    const problem = CITIZEN_PROBLEMS[first.problem]
    const created = await insertReport(tx, {
      classCode: problem.classCode,
      title: problem.label.zh,
      description: first.description ?? '',
      source: 'citizen',
      lng: first.lng,
      lat: first.lat,
      reportedAt: first.reportedAt,
      reportedBy: null,
      alarmSiteId: null,
      deadlineAt: stageDeadline(rules, problem.classCode, 'reported', new Date(first.reportedAt)),
      // Reported inside the service area once already.
      inServiceAreaOnly: false,
      address: null,
    })
    const { historyId, ...fresh } = created!
    await moveReports(tx, body.reports, first.id, fresh.id, historyId)
    await addRecordEntry(tx, { caseId: fresh.id, action: 'split_from', status: 'reported', actorId: user.id, comment: summary.caseNumber, at: now })
    await addRecordEntry(tx, { caseId: id, action: 'split', status: c.status, actorId: user.id, comment: fresh.caseNumber, at: now })
    await emitEvent(tx, 'case.updated', (await findCase(tx, id))!)
    await emitEvent(tx, 'case.created', (await findCase(tx, fresh.id))!)
    return fresh.id
  })
}
