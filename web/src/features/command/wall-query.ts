/**
 * A positive number from the wall's address (`?dwell=12`, `?replayEvery=30`, `?staleAfter=300`), or
 * null when it is absent or not one: a wall shows its defaults rather than fail on a typo.
 */
export function positiveFromQuery(value: unknown): number | null {
  const v = Array.isArray(value) ? value[0] : value
  const n = Number(v)
  return v != null && v !== '' && Number.isFinite(n) && n > 0 ? n : null
}
