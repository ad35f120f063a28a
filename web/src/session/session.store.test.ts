import type { Principal } from '@citygrid/shared'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useNotices } from '../notices/notices.store.ts'
import { useSession } from './session.store.ts'

const operator = { id: 3, username: 'operator', displayName: '值班员', role: 'operator', department: null, disabled: false } as const

type Route = (path: string, init?: RequestInit) => { status: number; body?: unknown }

/** A fake server: each call answered by `route`; every call recorded. */
function serve(route: Route) {
  const calls: { path: string; method: string; body?: unknown }[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init?: RequestInit) => {
      calls.push({ path, method: init?.method ?? 'GET', body: init?.body ? JSON.parse(String(init.body)) : undefined })
      const { status, body } = route(path, init)
      return new Response(body === undefined ? '' : JSON.stringify(body), { status })
    }),
  )
  return calls
}

const unauthorized = { status: 401, body: { error: { code: 'unauthorized', message: 'not signed in' } } }

describe('session store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.spyOn(console, 'error').mockImplementation(() => {})
  })
  afterEach(() => vi.unstubAllGlobals())

  it('asks the server who is signed in once, however many pages ask at the same time', async () => {
    const me: Principal = { kind: 'user', user: operator }
    const calls = serve(() => ({ status: 200, body: me }))
    const session = useSession()
    const [a, b] = await Promise.all([session.ensureKnown(), session.ensureKnown()])
    await session.ensureKnown()
    expect(a).toEqual(me)
    expect(b).toEqual(me)
    expect(calls.map((c) => c.path)).toEqual(['/api/auth/me'])
    expect(session.audience).toBe('operator')
    expect(session.name).toBe('值班员')
  })

  it('takes 401 as "nobody", quietly', async () => {
    serve(() => unauthorized)
    const session = useSession()
    expect(await session.ensureKnown()).toBeNull()
    expect(session.known).toBe(true)
    expect(useNotices().list).toEqual([])
  })

  it('tells of other failures, and counts them as nobody', async () => {
    serve(() => ({ status: 500, body: { error: { code: 'internal', message: 'database down' } } }))
    const session = useSession()
    expect(await session.ensureKnown()).toBeNull()
    expect(useNotices().list[0]?.text).toContain('database down')
  })

  it('signs in and out', async () => {
    const calls = serve((path) => (path === '/api/auth/login' ? { status: 200, body: { user: operator } } : { status: 204 }))
    const session = useSession()
    await session.signIn('operator', 'citygrid-demo')
    expect(calls[0]).toEqual({ path: '/api/auth/login', method: 'POST', body: { username: 'operator', password: 'citygrid-demo' } })
    expect(session.principal).toEqual({ kind: 'user', user: operator })
    expect(await session.ensureKnown(), 'no need to ask after signing in').toEqual({ kind: 'user', user: operator })
    await session.signOut()
    expect(calls.at(-1)).toMatchObject({ path: '/api/auth/logout', method: 'POST' })
    expect(session.principal).toBeNull()
  })

  it('passes a refused sign-in to the caller and stays signed out', async () => {
    serve(() => ({ status: 401, body: { error: { code: 'unauthorized', message: 'wrong user name or password' } } }))
    const session = useSession()
    await expect(session.signIn('operator', 'nope')).rejects.toMatchObject({ status: 401 })
    expect(session.principal).toBeNull()
  })

  it('is signed out even when the server cannot be told', async () => {
    serve((path) => (path === '/api/auth/login' ? { status: 200, body: { user: operator } } : { status: 503 }))
    const session = useSession()
    await session.signIn('operator', 'citygrid-demo')
    await session.signOut()
    expect(session.principal).toBeNull()
  })

  it('forgets the principal when the server says the session has ended', async () => {
    serve(() => ({ status: 200, body: { kind: 'display', display: { id: 2, name: '主屏' } } }))
    const session = useSession()
    await session.ensureKnown()
    expect(session.audience).toBe('display')
    expect(session.user).toBeNull()
    session.expire()
    expect(session.principal).toBeNull()
    expect(await session.ensureKnown()).toBeNull()
  })
})
