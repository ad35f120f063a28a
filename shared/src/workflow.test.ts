import { describe, expect, it } from 'vitest'
import {
  allowedActions,
  CASE_ACTIONS,
  CASE_STATUS_LABELS,
  CASE_STATUSES,
  CASE_TRANSITIONS,
  CaseActionRequestSchema,
  OPEN_STATUSES,
  ROLES,
  stageOf,
  transition,
  type CaseAction,
  type CaseStatus,
  type Role,
} from './workflow.ts'

describe('case state machine', () => {
  it('labels every status in Chinese', () => {
    expect(CASE_STATUSES.map((s) => CASE_STATUS_LABELS[s].label.zh)).toEqual([
      '已上报', '已立案', '已注销', '已派遣', '处置中', '已反馈', '返工', '核查通过', '缓办', '已结案',
    ])
    expect(new Set(CASE_STATUSES.map((s) => CASE_STATUS_LABELS[s].color)).size).toBe(CASE_STATUSES.length)
  })

  it('counts every status but cancelled and closed as open', () => {
    expect(OPEN_STATUSES).toHaveLength(8)
    expect(OPEN_STATUSES).not.toContain('cancelled')
    expect(OPEN_STATUSES).not.toContain('closed')
  })

  it.each<[CaseStatus, CaseAction, Role, CaseStatus]>([
    ['reported', 'file', 'operator', 'filed'],
    ['reported', 'cancel', 'operator', 'cancelled'],
    ['filed', 'dispatch', 'operator', 'dispatched'],
    ['dispatched', 'accept', 'department', 'handling'],
    ['dispatched', 'return', 'department', 'filed'],
    ['handling', 'feedback', 'department', 'feedback'],
    ['rework', 'feedback', 'department', 'feedback'],
    ['feedback', 'check_pass', 'inspector', 'checked'],
    ['feedback', 'check_fail', 'inspector', 'rework'],
    ['checked', 'close', 'operator', 'closed'],
    ['handling', 'extend', 'operator', 'handling'],
    ['rework', 'extend', 'operator', 'rework'],
    ['handling', 'defer', 'operator', 'deferred'],
    ['rework', 'defer', 'operator', 'deferred'],
    ['deferred', 'resume', 'operator', 'handling'],
  ])('%s --%s by %s--> %s', (from, action, role, to) => {
    expect(transition(from, action, role)).toMatchObject({ ok: true, to })
  })

  it('walks a case with one failed check from report to close', () => {
    const steps: Array<[CaseAction, Role]> = [
      ['file', 'operator'],
      ['dispatch', 'operator'],
      ['accept', 'department'],
      ['feedback', 'department'],
      ['check_fail', 'inspector'],
      ['feedback', 'department'],
      ['check_pass', 'inspector'],
      ['close', 'operator'],
    ]
    let status: CaseStatus = 'reported'
    for (const [action, role] of steps) {
      const r = transition(status, action, role)
      if (!r.ok) throw new Error(`${action} refused from ${status}: ${r.reason}`)
      status = r.to
    }
    expect(status).toBe('closed')
  })

  it('refuses an action that never applies to the status, listing what the role may do', () => {
    expect(transition('reported', 'close', 'operator')).toEqual({
      ok: false,
      reason: 'illegal_transition',
      allowed: ['file', 'cancel'],
    })
    expect(transition('closed', 'file', 'operator')).toEqual({ ok: false, reason: 'illegal_transition', allowed: [] })
  })

  it('refuses a legal action for the wrong role', () => {
    expect(transition('feedback', 'check_pass', 'department')).toEqual({
      ok: false,
      reason: 'forbidden_role',
      allowed: [],
    })
    expect(transition('dispatched', 'accept', 'operator')).toMatchObject({ ok: false, reason: 'forbidden_role' })
    expect(transition('reported', 'file', 'admin')).toMatchObject({ ok: false, reason: 'forbidden_role' })
  })

  it('tells the server which actions need the assigned department', () => {
    const needing = CASE_ACTIONS.filter((a) => CASE_TRANSITIONS[a].requiresAssignedDepartment)
    expect(needing).toEqual(['accept', 'return', 'feedback'])
    expect(transition('dispatched', 'accept', 'department')).toMatchObject({ ok: true, requiresAssignedDepartment: true })
    expect(transition('filed', 'dispatch', 'operator')).toMatchObject({
      ok: true,
      requires: { department: true, comment: false },
      requiresAssignedDepartment: false,
    })
  })

  it('lists allowed actions in CASE_ACTIONS order', () => {
    expect(allowedActions('handling', 'operator')).toEqual(['extend', 'defer'])
    expect(allowedActions('rework', 'department')).toEqual(['feedback'])
    expect(allowedActions('dispatched', 'department')).toEqual(['accept', 'return'])
    expect(allowedActions('feedback', 'inspector')).toEqual(['check_pass', 'check_fail'])
  })

  it('leaves no open status without a way forward and no final status with one', () => {
    for (const s of CASE_STATUSES) {
      const any = ROLES.flatMap((r) => allowedActions(s, r))
      if (OPEN_STATUSES.includes(s)) expect(any.length, s).toBeGreaterThan(0)
      else expect(any, s).toEqual([])
    }
  })

  it('labels every action', () => {
    expect(CASE_TRANSITIONS.file.label).toEqual({ zh: '立案', en: 'File' })
    for (const a of CASE_ACTIONS) expect(CASE_TRANSITIONS[a].label.zh.length, a).toBeGreaterThan(0)
  })
})

describe('CaseActionRequestSchema', () => {
  function issues(body: unknown): Array<{ path: PropertyKey[]; message: string }> {
    const r = CaseActionRequestSchema.safeParse(body)
    return r.success ? [] : r.error.issues.map((i) => ({ path: i.path, message: i.message }))
  }

  it('accepts complete requests', () => {
    expect(issues({ action: 'file' })).toEqual([])
    expect(issues({ action: 'dispatch', department: 'sanitation' })).toEqual([])
    expect(issues({ action: 'extend', comment: '材料未到', extraHours: 7 })).toEqual([])
    expect(issues({ action: 'close', comment: 'optional note' })).toEqual([])
  })

  it('requires a reason to cancel, by path', () => {
    expect(issues({ action: 'cancel' })).toEqual([{ path: ['comment'], message: 'a reason is required to cancel a case' }])
  })

  it('treats a blank comment as missing', () => {
    expect(issues({ action: 'check_fail', comment: '   ' })).toEqual([
      { path: ['comment'], message: 'a reason is required to fail a check' },
    ])
  })

  it.each<[CaseAction, string]>([
    ['return', 'comment'],
    ['feedback', 'comment'],
    ['defer', 'comment'],
    ['dispatch', 'department'],
  ])('%s needs %s', (action, field) => {
    expect(issues({ action }).map((i) => i.path)).toEqual([[field]])
  })

  it('needs both a reason and extra hours to extend', () => {
    expect(issues({ action: 'extend' }).map((i) => i.path)).toEqual([['comment'], ['extraHours']])
    expect(issues({ action: 'extend', comment: 'x', extraHours: 0 }).map((i) => i.path)).toEqual([['extraHours']])
  })

  it('refuses fields the action would ignore, and unknown fields', () => {
    expect(issues({ action: 'file', department: 'x' }).map((i) => i.path)).toEqual([['department']])
    expect(issues({ action: 'defer', comment: 'x', extraHours: 4 }).map((i) => i.path)).toEqual([['extraHours']])
    expect(issues({ action: 'file', status: 'closed' })).toHaveLength(1)
    expect(issues({ action: 'reopen' })).toHaveLength(1)
  })

  it('trims the comment', () => {
    expect(CaseActionRequestSchema.parse({ action: 'cancel', comment: '  重复上报 ' }).comment).toBe('重复上报')
  })
})

describe('stageOf', () => {
  it.each<[CaseStatus, string | null]>([
    ['reported', 'filing'],
    ['filed', 'dispatch'],
    ['dispatched', 'disposal'],
    ['handling', 'disposal'],
    ['rework', 'disposal'],
    ['feedback', 'check'],
    ['checked', null],
    ['deferred', null],
    ['cancelled', null],
    ['closed', null],
  ])('%s → %s', (status, stage) => {
    expect(stageOf(status)).toBe(stage)
  })
})
