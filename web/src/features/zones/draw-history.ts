/**
 * Undo for the zone editor: terra-draw's own undo follows its modes and sessions, while the editor
 * needs "back to the drawing as it was before the last finished step" across draw, drag and delete.
 * A bounded stack of whole snapshots; pure (each call returns a new history).
 */
export interface DrawHistory<T> {
  readonly past: readonly T[]
  readonly limit: number
}

export function emptyHistory<T>(limit = 50): DrawHistory<T> {
  return { past: [], limit }
}

/** Remember `snapshot` as the state to go back to; the oldest falls off past the limit. */
export function remember<T>(history: DrawHistory<T>, snapshot: T): DrawHistory<T> {
  const past = [...history.past, snapshot]
  return { ...history, past: past.length > history.limit ? past.slice(past.length - history.limit) : past }
}

/** The state to restore and the history without it; null when there is nothing to undo. */
export function undo<T>(history: DrawHistory<T>): { snapshot: T; history: DrawHistory<T> } | null {
  if (history.past.length === 0) return null
  return { snapshot: history.past[history.past.length - 1]!, history: { ...history, past: history.past.slice(0, -1) } }
}
