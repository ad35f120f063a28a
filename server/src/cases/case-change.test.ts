import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { mergedState, nextState, reportedState, stageDeadline, type CaseState } from './case-change.ts'
import { replayCase } from './replay.ts'

const rules = loadConfig({}).cases
// A Monday morning in Nanjiang (UTC+8): working hours, so clocks run.
const reportedAt = '2026-06-01T01:00:00.000Z'
const at = (hours: number) => new Date(Date.parse(reportedAt) + hours * 3_600_000)
const operator = { id: 3, role: 'operator' as const }
const zhifa = { id: 7, role: 'department' as const, department: 'zhifa' }

function step(c: CaseState, req: Parameters<typeof nextState>[2], actor: Parameters<typeof nextState>[3], hours: number): CaseState {
  const next = nextState(rules, c, req, actor, at(hours))
  if (!next.ok) throw new Error(`refused: ${next.reason}`)
  return next.state
}

describe('how a case changes (one pure function, no database)', () => {
  const reported = reportedState(rules, { id: 1, classCode: '0501', reportedAt })

  it('starts reported, with the filing clock from the working-time calendar, version 1', () => {
    expect(reported).toMatchObject({ status: 'reported', department: null, overdue: false, version: 1, updatedAt: reportedAt })
    expect(reported.deadlineAt).toBe(stageDeadline(rules, '0501', 'reported', new Date(reportedAt)))
    expect(reported.deadlineAt).not.toBeNull()
  })

  it('files: new status, the filing time, the next clock, a new version, and the history entry', () => {
    const next = nextState(rules, { ...reported, overdue: true }, { action: 'file', comment: '立案' }, operator, at(1))
    expect(next.ok).toBe(true)
    if (!next.ok) return
    expect(next.state).toMatchObject({ status: 'filed', filedAt: at(1).toISOString(), overdue: false, version: 2 })
    expect(next.state.deadlineAt).toBe(stageDeadline(rules, '0501', 'filed', at(1)))
    expect(next.entry).toEqual({
      caseId: 1, action: 'file', fromStatus: 'reported', toStatus: 'filed', actorId: 3, at: at(1).toISOString(),
      comment: '立案', department: null, extraHours: null,
    })
  })

  it('keeps an overdue flag when the action starts no new clock (accept)', () => {
    const dispatched = step(step(reported, { action: 'file' }, operator, 1), { action: 'dispatch', department: 'zhifa' }, operator, 2)
    const accepted = step({ ...dispatched, overdue: true }, { action: 'accept' }, zhifa, 3)
    expect(accepted).toMatchObject({ status: 'handling', overdue: true, deadlineAt: dispatched.deadlineAt, disposalDueAt: dispatched.disposalDueAt })
  })

  it('counts extensions and rework, and keeps the clock left when deferred for resuming', () => {
    const dispatched = step(step(reported, { action: 'file' }, operator, 1), { action: 'dispatch', department: 'zhifa' }, operator, 2)
    const handling = step(dispatched, { action: 'accept' }, zhifa, 2.5)
    const extended = step(handling, { action: 'extend', extraHours: 4, comment: '雨天' }, operator, 3)
    expect(extended.extensionCount).toBe(1)
    expect(Date.parse(extended.disposalDueAt!)).toBeGreaterThan(Date.parse(handling.disposalDueAt!))
    const deferred = step(extended, { action: 'defer', comment: '等待配合' }, operator, 3.5)
    expect(deferred).toMatchObject({ status: 'deferred', deadlineAt: null })
    expect(deferred.pausedHours).toBeGreaterThan(0)
    const resumed = step(deferred, { action: 'resume' }, operator, 20)
    expect(resumed).toMatchObject({ status: 'handling', pausedHours: null })
    const fedBack = step(resumed, { action: 'feedback', comment: '已清理' }, zhifa, 21)
    const failed = step(fedBack, { action: 'check_fail', comment: '未清理干净' }, { id: 4, role: 'inspector' }, 22)
    expect(failed).toMatchObject({ status: 'rework', reworkCount: 1, extensionCount: 1, version: 9 })
  })

  it('says why it refuses: the role, the status, or a department the case is not dispatched to', () => {
    expect(nextState(rules, reported, { action: 'file' }, { id: 4, role: 'inspector' }, at(1))).toMatchObject({ ok: false, reason: 'forbidden_role' })
    expect(nextState(rules, reported, { action: 'close' }, operator, at(1))).toMatchObject({ ok: false, reason: 'illegal_transition' })
    const dispatched = step(step(reported, { action: 'file' }, operator, 1), { action: 'dispatch', department: 'zhifa' }, operator, 2)
    expect(nextState(rules, dispatched, { action: 'accept' }, { ...zhifa, department: 'jiaojing' }, at(3))).toEqual({
      ok: false,
      reason: 'not_assigned',
      department: 'zhifa',
    })
  })

  it('ends a merged case as a cancel ends one, from any open status: no clock, department or pause left', () => {
    const dispatched = step(step(reported, { action: 'file' }, operator, 1), { action: 'dispatch', department: 'zhifa' }, operator, 2)
    const deferred = step(step(dispatched, { action: 'accept' }, zhifa, 3), { action: 'defer', comment: '等待配合' }, operator, 4)
    for (const c of [reported, { ...dispatched, overdue: true }, deferred]) {
      expect(mergedState(rules, c, at(5)), c.status).toEqual({
        ...c, status: 'cancelled', deadlineAt: null, department: null, disposalDueAt: null, pausedHours: null, overdue: false,
        version: c.version + 1, updatedAt: at(5).toISOString(),
      })
    }
    // The workflow's own cancel (from reported) ends a case the same way.
    expect(step(reported, { action: 'cancel', comment: '重复' }, operator, 5)).toEqual(mergedState(rules, reported, at(5)))
  })

  it('replays a past case through the same function, step by step', () => {
    const steps = [
      { action: 'file' as const, at: at(1).toISOString(), role: 'operator' as const, actorId: 3 },
      { action: 'dispatch' as const, at: at(2).toISOString(), role: 'operator' as const, actorId: 3, department: 'zhifa' },
      { action: 'accept' as const, at: at(3).toISOString(), role: 'department' as const, actorId: 7 },
    ]
    const { state, history } = replayCase(rules, { id: 1, classCode: '0501', reportedAt }, null, steps)
    const byHand = step(step(step(reported, { action: 'file' }, operator, 1), { action: 'dispatch', department: 'zhifa' }, operator, 2), { action: 'accept' }, zhifa, 3)
    expect(state).toEqual(byHand)
    expect(history.map((h) => `${h.action}:${h.toStatus}`)).toEqual(['report:reported', 'file:filed', 'dispatch:dispatched', 'accept:handling'])
  })
})
