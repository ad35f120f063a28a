import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_TOKEN_PREFIX, MAX_API_TOKENS_PER_USER, type ApiToken } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform } from './platform.ts'

let platform: Platform
const cookies: Record<string, string> = {}

beforeAll(async () => {
  platform = await startTestPlatform()
  for (const who of ['admin', 'operator']) cookies[who] = await signIn(platform.url, who)
  cookies.department = await signIn(platform.url, 'dept-zhifa')
})
afterAll(() => platform?.close())

const call = (method: string, path: string, auth: { cookie?: string; token?: string }, body?: unknown) =>
  fetch(platform.url + path, {
    method,
    headers: {
      ...(auth.cookie ? { cookie: auth.cookie } : {}),
      ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

async function makeToken(cookie: string, name = 'QGIS'): Promise<ApiToken & { token: string }> {
  const res = await call('POST', '/api/tokens', { cookie }, { name })
  expect(res.status).toBe(201)
  return (await res.json()) as ApiToken & { token: string }
}

/** A new enabled inspector, signed in. */
async function freshUser(): Promise<{ id: number; cookie: string }> {
  const username = `tok${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`
  const res = await call('POST', '/api/users', { cookie: cookies.admin }, { username, displayName: 'token tester', role: 'inspector', password: 'a-long-password-1' })
  expect(res.status).toBe(201)
  const { id } = (await res.json()) as { id: number }
  return { id, cookie: await signIn(platform.url, username, 'a-long-password-1') }
}

const featureIds = async (res: Response) => ((await res.json()) as { features: { id: string | number }[] }).features.map((f) => f.id).sort()

describe('personal API tokens', () => {
  it('are shown once, listed by their prefix, and stored only as a hash', async () => {
    const made = await makeToken(cookies.department!, '  QGIS on the GIS desk ')
    expect(made.token).toMatch(new RegExp(`^${API_TOKEN_PREFIX}[\\w-]{40,}$`))
    expect(made.name).toBe('QGIS on the GIS desk')
    expect(made.prefix).toBe(made.token.slice(0, API_TOKEN_PREFIX.length + 4))
    const list = (await (await call('GET', '/api/tokens', { cookie: cookies.department })).json()) as Record<string, unknown>[]
    const listed = list.find((t) => t.id === made.id)!
    expect(listed).toEqual({ id: made.id, name: made.name, prefix: made.prefix, createdAt: made.createdAt, lastUsedAt: null, revokedAt: null })
    const row = await platform.backend.pool.query('SELECT * FROM api_tokens WHERE id = $1', [made.id])
    expect(row.rows[0].token_hash).toBe(createHash('sha256').update(made.token).digest('base64url'))
    expect(JSON.stringify(row.rows[0])).not.toContain(made.token)
    // Someone else's list does not show it.
    const others = (await (await call('GET', '/api/tokens', { cookie: cookies.operator })).json()) as ApiToken[]
    expect(others.map((t) => t.id)).not.toContain(made.id)
  })

  it("read as their owner: a department's token sees that department's cases, as its session does", async () => {
    const { token } = await makeToken(cookies.department!)
    const path = '/api/layers/cases/features?limit=10000'
    const viaToken = await call('GET', path, { token })
    expect(viaToken.status).toBe(200)
    const viaSession = await call('GET', path, { cookie: cookies.department })
    const viaOperator = await call('GET', path, { cookie: cookies.operator })
    const [t, s, o] = [await featureIds(viaToken), await featureIds(viaSession), await featureIds(viaOperator)]
    expect(t).toEqual(s)
    expect(t.length).toBeLessThan(o.length)
    const me = (await (await call('GET', '/api/auth/me', { token })).json()) as { kind: string; user: { username: string } }
    expect(me.user.username).toBe('dept-zhifa')
    const used = await platform.backend.pool.query('SELECT last_used_at FROM api_tokens WHERE token_hash = $1', [
      createHash('sha256').update(token).digest('base64url'),
    ])
    expect(used.rows[0].last_used_at).not.toBeNull()
  })

  it('never write: a change made with a token is refused with 403 and nothing is written', async () => {
    const { token } = await makeToken(cookies.operator!)
    const before = (await platform.backend.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM cases')).rows[0]!.n
    const res = await call('POST', '/api/cases', { token }, { classCode: '0104', title: '道路不洁', location: { type: 'Point', coordinates: [106.84, 32.356] } })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/read-only/)
    const after = (await platform.backend.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM cases')).rows[0]!.n
    expect(after).toBe(before)
    // Nor can a token make more tokens.
    expect((await call('POST', '/api/tokens', { token }, { name: 'more' })).status).toBe(403)
  })

  it('stop working once revoked, and only their owner can revoke them', async () => {
    const made = await makeToken(cookies.operator!)
    expect((await call('DELETE', `/api/tokens/${made.id}`, { cookie: cookies.department })).status).toBe(404)
    expect((await call('GET', '/api/layers', { token: made.token })).status).toBe(200)
    const revoked = await call('DELETE', `/api/tokens/${made.id}`, { cookie: cookies.operator })
    expect(revoked.status).toBe(200)
    expect(((await revoked.json()) as ApiToken).revokedAt).not.toBeNull()
    expect((await call('GET', '/api/layers', { token: made.token })).status).toBe(401)
    expect((await call('GET', '/api/layers', { token: `${API_TOKEN_PREFIX}not-a-token-at-all-0000000000000000000000` })).status).toBe(401)
  })

  it("stop working when their owner is disabled", async () => {
    const user = await freshUser()
    const { token } = await makeToken(user.cookie)
    expect((await call('GET', '/api/layers', { token })).status).toBe(200)
    expect((await call('PATCH', `/api/users/${user.id}`, { cookie: cookies.admin }, { disabled: true })).status).toBe(200)
    expect((await call('GET', '/api/layers', { token })).status).toBe(401)
  })

  it(`are limited to ${MAX_API_TOKENS_PER_USER} live ones a user, and bad names are refused naming the field`, async () => {
    const user = await freshUser()
    const made: ApiToken[] = []
    for (let i = 0; i < MAX_API_TOKENS_PER_USER; i++) made.push(await makeToken(user.cookie, `t${i}`))
    const over = await call('POST', '/api/tokens', { cookie: user.cookie }, { name: 'one too many' })
    expect(over.status).toBe(409)
    expect((await call('DELETE', `/api/tokens/${made[0]!.id}`, { cookie: user.cookie })).status).toBe(200)
    await makeToken(user.cookie, 'after revoking one')
    const bad: [unknown, string][] = [
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{}, 'name'],
      [{ name: 'ok', extra: 1 }, '(root)'], // an unknown key: the object itself is wrong
    ]
    for (const [body, field] of bad) {
      const res = await call('POST', '/api/tokens', { cookie: user.cookie }, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      const err = (await res.json()) as { error: { details: { field: string; reason: string }[] } }
      expect(err.error.details[0]!.field, JSON.stringify(body)).toBe(field)
    }
    const rows = await platform.backend.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM api_tokens WHERE user_id = $1', [user.id])
    expect(rows.rows[0]!.n).toBe(MAX_API_TOKENS_PER_USER + 1)
  })
})
