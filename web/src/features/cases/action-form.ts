import { CASE_TRANSITIONS, CaseActionRequestSchema, type CaseAction, type CaseActionRequest } from '@citygrid/shared'
import { photoReasons, type PhotoReason } from './case-photos.ts'

/** What the person typed or chose in an action's form, as raw input. */
export interface ActionDraft {
  comment: string
  department: string
  extraHours: string
}

export const EMPTY_DRAFT: Readonly<ActionDraft> = Object.freeze({ comment: '', department: '', extraHours: '' })

export type ActionField = keyof ActionDraft

/** Message keys (i18n `action.*`) of what is missing, by field. */
export type ActionProblem = 'needComment' | 'needFeedback' | 'needDepartment' | 'needHours'

export interface ActionFormShape {
  /** Comment must be given (a reason, or the disposal note for feedback); otherwise it is optional. */
  commentRequired: boolean
  /** Label of the comment: the disposal note for feedback, the reason where one is required, else a note. */
  commentLabel: 'action.comment' | 'action.feedbackComment' | 'action.note'
  department: boolean
  extraHours: boolean
  /** What photos taken with it show: the result (after) with feedback, the scene (before) otherwise. */
  photos: 'before' | 'after'
}

/** The form an action needs, from the shared state machine (CASE_TRANSITIONS[action].requires). */
export function formFor(action: CaseAction): ActionFormShape {
  const { requires } = CASE_TRANSITIONS[action]
  return {
    commentRequired: requires.comment,
    commentLabel: action === 'feedback' ? 'action.feedbackComment' : requires.comment ? 'action.comment' : 'action.note',
    department: requires.department,
    extraHours: requires.extraHours,
    photos: action === 'feedback' ? 'after' : 'before',
  }
}

const PROBLEM_OF: Record<ActionField, (action: CaseAction) => ActionProblem> = {
  comment: (a) => (a === 'feedback' ? 'needFeedback' : 'needComment'),
  department: () => 'needDepartment',
  extraHours: () => 'needHours',
}

export type BuiltRequest =
  | { ok: true; request: CaseActionRequest }
  | { ok: false; problems: Partial<Record<ActionField, ActionProblem>> }

/**
 * The request body for an action, or what is missing. Only the fields the action takes are sent (the
 * server refuses a department or hours on actions that would ignore them); the shared schema decides.
 */
export function buildRequest(action: CaseAction, draft: ActionDraft): BuiltRequest {
  const shape = formFor(action)
  const request: Record<string, unknown> = { action }
  const comment = draft.comment.trim()
  if (comment) request.comment = comment
  if (shape.department && draft.department) request.department = draft.department
  if (shape.extraHours && draft.extraHours.trim() !== '') request.extraHours = Number(draft.extraHours)
  const parsed = CaseActionRequestSchema.safeParse(request)
  if (parsed.success) return { ok: true, request: parsed.data }
  const problems: Partial<Record<ActionField, ActionProblem>> = {}
  for (const issue of parsed.error.issues) {
    const field = issue.path[0]
    if (field === 'comment' || field === 'department' || field === 'extraHours') problems[field] ??= PROBLEM_OF[field](action)
  }
  // A problem the form has no field for would be our bug; still, never submit what the schema refused.
  if (Object.keys(problems).length === 0) problems.comment = PROBLEM_OF.comment(action)
  return { ok: false, problems }
}

/** Why the server refused an action, in a shape the form can show. */
export type ActionRefusal =
  | { kind: 'invalid'; message: string; fields: Partial<Record<ActionField, string>>; photos: PhotoReason[] }
  | { kind: 'forbidden'; message: string }
  | { kind: 'conflict'; allowed: CaseAction[] }
  | { kind: 'other'; message: string }

const isAction = (a: string): a is CaseAction => a in CASE_TRANSITIONS

/** 400 with field (and photo) reasons, 403 with the server's reason, 409 with what is allowed instead, or anything else. */
export function refusalOf(err: { status?: number; message: string; details?: { field: string; reason: string }[]; allowed?: string[] }): ActionRefusal {
  switch (err.status) {
    case 400: {
      const fields: Partial<Record<ActionField, string>> = {}
      for (const d of err.details ?? []) {
        const field = d.field.split('.').pop()
        if (field === 'comment' || field === 'department' || field === 'extraHours') fields[field] = d.reason
      }
      return { kind: 'invalid', message: err.message, fields, photos: photoReasons(err.details ?? []) }
    }
    case 403:
      return { kind: 'forbidden', message: err.message }
    case 409:
      return { kind: 'conflict', allowed: (err.allowed ?? []).filter(isAction) }
    default:
      return { kind: 'other', message: err.message }
  }
}
