import { z } from 'zod'
import { CaseSummarySchema } from './case.schema.ts'
import type { Label } from './i18n.ts'
import { OPEN_STATUSES, type CaseAction, type CaseStatus, type Role } from './workflow.ts'

/**
 * 待办: what waits on whom. Each kind is the statuses in which a role's next step moves a case on
 * (the side actions — extend, defer, cancel — are not waiting), and `督办` is the supervisor's: every
 * overdue open case. A department's to-dos are those of its own department (its case scope).
 */
export interface TodoKind {
  label: Label
  role: Role
  /** The cases waiting: in one of these statuses (`overdue`: only those past their deadline). */
  statuses: readonly CaseStatus[]
  overdueOnly: boolean
  /** The step that moves them on (none for 督办: the supervisor chases, others act). */
  action: CaseAction | null
}

export const TODO_KINDS = {
  file: { label: { zh: '待立案', en: 'To file' }, role: 'operator', statuses: ['reported'], overdueOnly: false, action: 'file' },
  dispatch: { label: { zh: '待派遣', en: 'To dispatch' }, role: 'operator', statuses: ['filed'], overdueOnly: false, action: 'dispatch' },
  accept: { label: { zh: '待接收', en: 'To accept' }, role: 'department', statuses: ['dispatched'], overdueOnly: false, action: 'accept' },
  handle: { label: { zh: '待处置', en: 'To handle' }, role: 'department', statuses: ['handling', 'rework'], overdueOnly: false, action: 'feedback' },
  check: { label: { zh: '待核查', en: 'To check' }, role: 'inspector', statuses: ['feedback'], overdueOnly: false, action: 'check_pass' },
  close: { label: { zh: '待结案', en: 'To close' }, role: 'operator', statuses: ['checked'], overdueOnly: false, action: 'close' },
  supervise: {
    label: { zh: '超期督办', en: 'Overdue, to chase' },
    role: 'supervisor',
    // Deferred (缓办) cases are paused: no clock runs, so none is overdue.
    statuses: OPEN_STATUSES.filter((s) => s !== 'deferred'),
    overdueOnly: true,
    action: null,
  },
} as const satisfies Record<string, TodoKind>
export type TodoKindId = keyof typeof TODO_KINDS
export const TODO_KIND_IDS = Object.keys(TODO_KINDS) as TodoKindId[]

/** The to-do kinds of a role, in workflow order; an admin sees the supervisor's. */
export function todoKindsOf(role: Role): TodoKindId[] {
  const as = role === 'admin' ? 'supervisor' : role
  return TODO_KIND_IDS.filter((id) => TODO_KINDS[id].role === as)
}

export const TodoQuerySchema = z.object({
  /** Cases listed per kind (most urgent first); 0 for the counts only. */
  limit: z.coerce.number().int().min(0).max(100).default(20),
})

/** `GET /api/todo`: each of the caller's kinds with its count, how many are overdue, and the most urgent cases. */
export const TodoListSchema = z.array(
  z.object({
    kind: z.enum(TODO_KIND_IDS as [TodoKindId, ...TodoKindId[]]),
    total: z.number().int().nonnegative(),
    overdue: z.number().int().nonnegative(),
    items: z.array(CaseSummarySchema),
  }),
)
export type TodoList = z.infer<typeof TodoListSchema>
