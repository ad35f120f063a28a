import { describe, expect, it } from 'vitest'
import { ApiError } from '../../api/http.ts'
import { loginProblem } from './login-error.ts'

const refused = (status: number, retryAfter: number | null = null) =>
  new ApiError(status === 401 ? 'unauthorized' : 'too_many_requests', 'server text', status, '/api/auth/login', [], [], retryAfter)

describe('loginProblem', () => {
  it('says "wrong user name or password" for 401', () => {
    expect(loginProblem(refused(401))).toEqual({ key: 'login.wrong' })
  })

  it('says how long to wait for 429, in whole minutes', () => {
    expect(loginProblem(refused(429, 900))).toEqual({ key: 'login.tooMany', minutes: 15 })
    expect(loginProblem(refused(429, 61))).toEqual({ key: 'login.tooMany', minutes: 2 })
    expect(loginProblem(refused(429))).toEqual({ key: 'login.tooManySoon' })
  })

  it('passes anything else on with its message', () => {
    expect(loginProblem(new ApiError('network', 'offline', 0, '/api/auth/login'))).toEqual({ key: 'login.failed', message: 'offline' })
  })
})
