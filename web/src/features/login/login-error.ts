import { ApiError } from '../../api/http.ts'

export type LoginProblem = { key: 'login.wrong' } | { key: 'login.tooMany'; minutes: number } | { key: 'login.tooManySoon' } | { key: 'login.failed'; message: string }

/** What to tell someone whose sign-in failed: wrong credentials, locked out for a while, or something else. */
export function loginProblem(err: unknown): LoginProblem {
  if (err instanceof ApiError && err.status === 401) return { key: 'login.wrong' }
  if (err instanceof ApiError && err.status === 429) {
    const s = err.retryAfterSeconds
    return s !== null && s > 0 ? { key: 'login.tooMany', minutes: Math.ceil(s / 60) } : { key: 'login.tooManySoon' }
  }
  return { key: 'login.failed', message: err instanceof Error ? err.message : String(err) }
}
