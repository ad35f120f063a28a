import { z } from 'zod'
import type { Label } from './i18n.ts'

/**
 * The one case state machine of the 数字城管 workflow (GB/T 30428.8): report → file → dispatch →
 * disposal → feedback → check → close, with cancel, return, rework, extend and defer on the side.
 * The server enforces it; the web shows the actions it allows.
 */
export const CASE_STATUSES = [
  'reported',
  'filed',
  'cancelled',
  'dispatched',
  'handling',
  'feedback',
  'rework',
  'checked',
  'deferred',
  'closed',
] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]

export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, { label: Label; color: string }>> = {
  reported: { label: { zh: '已上报', en: 'Reported' }, color: '#fa5252' },
  filed: { label: { zh: '已立案', en: 'Filed' }, color: '#fd7e14' },
  cancelled: { label: { zh: '已注销', en: 'Cancelled' }, color: '#868e96' },
  dispatched: { label: { zh: '已派遣', en: 'Dispatched' }, color: '#fab005' },
  handling: { label: { zh: '处置中', en: 'Being handled' }, color: '#82c91e' },
  feedback: { label: { zh: '已反馈', en: 'Feedback given' }, color: '#40c057' },
  rework: { label: { zh: '返工', en: 'Rework' }, color: '#e03131' },
  checked: { label: { zh: '核查通过', en: 'Check passed' }, color: '#12b886' },
  deferred: { label: { zh: '缓办', en: 'Deferred' }, color: '#adb5bd' },
  closed: { label: { zh: '已结案', en: 'Closed' }, color: '#2f9e44' },
}

/** Statuses that end a case: after them no clock runs and no action applies. SQL: `case_is_open` (migration 0016). */
export const FINAL_STATUSES: readonly CaseStatus[] = ['closed', 'cancelled']
/** A case is open until it is closed (结案) or cancelled (作废). */
export const isOpen = (status: CaseStatus): boolean => !FINAL_STATUSES.includes(status)
/** Statuses in which a case is still open. */
export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter(isOpen)

export const ROLES = ['admin', 'supervisor', 'operator', 'inspector', 'department'] as const
export type Role = (typeof ROLES)[number]

export const CASE_ACTIONS = [
  'file',
  'cancel',
  'dispatch',
  'accept',
  'return',
  'feedback',
  'check_pass',
  'check_fail',
  'close',
  'extend',
  'defer',
  'resume',
] as const
export type CaseAction = (typeof CASE_ACTIONS)[number]

/** Fields of a case action request that an action needs. */
export interface CaseRequirements {
  /** A non-empty comment: the reason (cancel, return, check_fail, extend, defer) or the disposal note (feedback). */
  comment: boolean
  /** The code of the department the case is dispatched to. */
  department: boolean
  /** The extension, in working hours. */
  extraHours: boolean
}

export interface CaseTransition {
  label: Label
  from: readonly CaseStatus[]
  /** `null`: the case stays in its status (extend). */
  to: CaseStatus | null
  roles: readonly Role[]
  requires: CaseRequirements
  /** Only the department the case is dispatched to may act; the server checks which one that is. */
  requiresAssignedDepartment: boolean
  /** What the action does, for messages: "a reason is required to <verb>". */
  verb: string
}

const NONE: CaseRequirements = { comment: false, department: false, extraHours: false }
const REASON: CaseRequirements = { comment: true, department: false, extraHours: false }

function t(
  zh: string,
  en: string,
  from: readonly CaseStatus[],
  to: CaseStatus | null,
  role: Role,
  verb: string,
  requires: CaseRequirements = NONE,
): CaseTransition {
  const requiresAssignedDepartment = role === 'department'
  return { label: { zh, en }, from, to, roles: [role], requires, requiresAssignedDepartment, verb }
}

export const CASE_TRANSITIONS: Readonly<Record<CaseAction, CaseTransition>> = {
  file: t('立案', 'File', ['reported'], 'filed', 'operator', 'file a case'),
  cancel: t('注销', 'Cancel', ['reported'], 'cancelled', 'operator', 'cancel a case', REASON),
  dispatch: t('派遣', 'Dispatch', ['filed'], 'dispatched', 'operator', 'dispatch a case', {
    ...NONE,
    department: true,
  }),
  accept: t('接收', 'Accept', ['dispatched'], 'handling', 'department', 'accept a case'),
  return: t('退回', 'Return', ['dispatched'], 'filed', 'department', 'return a case', REASON),
  feedback: t('反馈', 'Give feedback', ['handling', 'rework'], 'feedback', 'department', 'give feedback', REASON),
  check_pass: t('核查通过', 'Pass check', ['feedback'], 'checked', 'inspector', 'pass a check'),
  check_fail: t('核查不通过', 'Fail check', ['feedback'], 'rework', 'inspector', 'fail a check', REASON),
  close: t('结案', 'Close', ['checked'], 'closed', 'operator', 'close a case'),
  extend: t('延期', 'Extend', ['handling', 'rework'], null, 'operator', 'extend a case', {
    ...REASON,
    extraHours: true,
  }),
  defer: t('缓办', 'Defer', ['handling', 'rework'], 'deferred', 'operator', 'defer a case', REASON),
  resume: t('恢复', 'Resume', ['deferred'], 'handling', 'operator', 'resume a case'),
}

/** The actions `role` may take on a case in `status`, in `CASE_ACTIONS` order. */
export function allowedActions(status: CaseStatus, role: Role): CaseAction[] {
  return CASE_ACTIONS.filter((a) => {
    const tr = CASE_TRANSITIONS[a]
    return tr.from.includes(status) && tr.roles.includes(role)
  })
}

/** Why an action was refused: it never applies to this status, or it does but not for this role. */
export const TRANSITION_REFUSALS = ['illegal_transition', 'forbidden_role'] as const
export type TransitionRefusal = (typeof TRANSITION_REFUSALS)[number]

export type TransitionResult =
  | { ok: true; to: CaseStatus; requires: CaseRequirements; requiresAssignedDepartment: boolean }
  | { ok: false; reason: TransitionRefusal; allowed: CaseAction[] }

/** Where `action` by `role` takes a case in `status`, or why it cannot (with what is allowed instead). */
export function transition(status: CaseStatus, action: CaseAction, role: Role): TransitionResult {
  const tr = CASE_TRANSITIONS[action]
  if (!tr.from.includes(status)) return { ok: false, reason: 'illegal_transition', allowed: allowedActions(status, role) }
  if (!tr.roles.includes(role)) return { ok: false, reason: 'forbidden_role', allowed: allowedActions(status, role) }
  const { requires, requiresAssignedDepartment } = tr
  return { ok: true, to: tr.to ?? status, requires, requiresAssignedDepartment }
}

/**
 * Body of a case action request. Each action's requirements are checked here, so a missing reason is
 * reported against its field; `department` and `extraHours` are refused on actions that would ignore them.
 */
export const CaseActionRequestSchema = z
  .object({
    action: z.enum(CASE_ACTIONS),
    comment: z.string().trim().max(2000).optional(),
    department: z.string().min(1).max(64).optional(),
    extraHours: z.number().positive().max(2000).optional(),
  })
  .strict()
  .superRefine((req, ctx) => {
    const tr = CASE_TRANSITIONS[req.action]
    const { requires, verb } = tr
    if (requires.comment && !req.comment) {
      const what = req.action === 'feedback' ? 'a comment on the disposal' : 'a reason'
      ctx.addIssue({ code: 'custom', path: ['comment'], message: `${what} is required to ${verb}` })
    }
    if (requires.department && req.department === undefined) {
      ctx.addIssue({ code: 'custom', path: ['department'], message: `a department is required to ${verb}` })
    }
    if (!requires.department && req.department !== undefined) {
      const message = `a department applies only to dispatch, not to ${req.action}`
      ctx.addIssue({ code: 'custom', path: ['department'], message })
    }
    if (requires.extraHours && req.extraHours === undefined) {
      ctx.addIssue({ code: 'custom', path: ['extraHours'], message: `the extra working hours are required to ${verb}` })
    }
    if (!requires.extraHours && req.extraHours !== undefined) {
      const message = `extra hours apply only to extend, not to ${req.action}`
      ctx.addIssue({ code: 'custom', path: ['extraHours'], message })
    }
  })
export type CaseActionRequest = z.infer<typeof CaseActionRequestSchema>

/** Stages that carry a time limit. */
export const CASE_STAGES = ['filing', 'dispatch', 'disposal', 'check'] as const
export type CaseStage = (typeof CASE_STAGES)[number]

export const CASE_STAGE_LABELS: Readonly<Record<CaseStage, Label>> = {
  filing: { zh: '立案', en: 'Filing' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  disposal: { zh: '处置', en: 'Disposal' },
  check: { zh: '核查', en: 'Check' },
}

/**
 * The stage whose clock runs while a case is in `status`: filing from report, dispatch from filing,
 * disposal from dispatch (through handling and rework), check from feedback. `null` when no clock runs
 * (cancelled, checked, deferred, closed).
 */
export function stageOf(status: CaseStatus): CaseStage | null {
  switch (status) {
    case 'reported':
      return 'filing'
    case 'filed':
      return 'dispatch'
    case 'dispatched':
    case 'handling':
    case 'rework':
      return 'disposal'
    case 'feedback':
      return 'check'
    case 'cancelled':
    case 'checked':
    case 'deferred':
    case 'closed':
      return null
  }
}
