import { allowedActions, type CaseAction, type CaseStatus, type LayerId, type Role } from '@citygrid/shared'

/**
 * The next steps a case popup offers the signed-in user: the workflow's actions for their role in the
 * case's status — a department's only on the cases dispatched to it (the server checks the same).
 */
export function popupActions(status: CaseStatus, caseDepartment: string | null, user: { role: Role; department: string | null } | null): CaseAction[] {
  if (!user) return []
  if (user.role === 'department' && caseDepartment !== user.department) return []
  return allowedActions(status, user.role)
}

/** How far to move a popup right so that it clears a panel on its left (0 when it already does). */
export function clearOf(popupLeft: number, panelRight: number | null, gap = 8): number {
  return panelRight === null ? 0 : Math.max(0, panelRight + gap - popupLeft)
}

/**
 * The construction site a popup's feature belongs to (its page: /sites/{id}): a site itself, or the
 * site a dust monitor stands on; null for anything else or a monitor on no site.
 */
export function siteOf(layer: LayerId, featureId: string | number, properties: Record<string, unknown>): number | null {
  if (layer === 'construction-sites') return Number(featureId)
  if (layer === 'dust-sensors' && typeof properties.siteId === 'number') return properties.siteId
  return null
}
