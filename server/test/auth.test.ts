import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrincipalSchema, UserSchema, type ErrorBody } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { FREE_FAILURES, MAX_DELAY_MS, PRINCIPAL_REUSE_MS } from '../src/auth/auth.service.ts'
import { tokenHash } from '../src/auth/secrets.ts'
import { signIn, startTestPlatform, TEST_DEMO_PASSWORD } from './platform.ts'
import { RecordingClient, waitFor } from './socket-client.ts'
import { WAIT_MS } from './wait.ts'

let platform: Platform
let admin: string

beforeAll(async () => {
  platform = await startTestPlatform()
  admin = await signIn(platform.url, 'admin')
})
afterAll(() => platform?.close())

const call = (method: string, path: string, cookie?: string, body?: unknown) =>
  fetch(platform.url + path, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

describe('sign-in', () => {
  it('sets an httpOnly session cookie and /me tells who is signed in', async () => {
    const res = await call('POST', '/api/auth/login', undefined, { username: 'Inspector', password: TEST_DEMO_PASSWORD })
    expect(res.status).toBe(200)
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('citygrid_session='))!
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    expect(setCookie).not.toMatch(/Secure/i) // plain HTTP here; COOKIE_SECURE=auto
    const cookie = setCookie.split(';')[0]!
    const me = PrincipalSchema.parse(await (await call('GET', '/api/auth/me', cookie)).json())
    expect(me).toMatchObject({ kind: 'user', user: { username: 'inspector', role: 'inspector' } })
    // Sessions are rows in the database, not memory: that is what makes them survive restarts.
    const rows = await platform.backend.pool.query('SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1', ['inspector'])
    expect(rows.rows[0].n).toBeGreaterThan(0)
    expect((await call('POST', '/api/auth/logout', cookie)).status).toBe(204)
    expect((await call('GET', '/api/auth/me', cookie)).status).toBe(401)
  })

  it('refuses a wrong password without saying which part was wrong', async () => {
    const res = await call('POST', '/api/auth/login', undefined, { username: 'operator', password: 'wrong-password' })
    expect(res.status).toBe(401)
    expect(((await res.json()) as ErrorBody).error.code).toBe('unauthorized')
  })

  it(`slows a user name down after ${FREE_FAILURES} failures — even the right password waits — but never locks it out`, async () => {
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect((await call('POST', '/api/auth/login', undefined, { username: 'supervisor', password: `guess-${i}-xxxx` })).status).toBe(401)
    }
    const early = await call('POST', '/api/auth/login', undefined, { username: 'supervisor', password: TEST_DEMO_PASSWORD })
    expect(early.status).toBe(429)
    expect(((await early.json()) as ErrorBody).error.code).toBe('too_many_requests')
    const wait = Number(early.headers.get('retry-after'))
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(MAX_DELAY_MS / 1000)
    // Waiting as told is enough: a delay, not a lock-out.
    await new Promise((r) => setTimeout(r, wait * 1000 + 100))
    expect((await call('POST', '/api/auth/login', undefined, { username: 'supervisor', password: TEST_DEMO_PASSWORD })).status).toBe(200)
  })

  it('a browser that signed in before is not kept out by failures from others behind the same address', async () => {
    const first = await call('POST', '/api/auth/login', undefined, { username: 'dept-huanwei', password: TEST_DEMO_PASSWORD })
    expect(first.status).toBe(200)
    const device = first.headers.getSetCookie().find((c) => c.startsWith('citygrid_signin_device='))!
    expect(device).toMatch(/HttpOnly/i)
    expect(device).toMatch(/Path=\/api\/auth/i)
    // Someone else on the same address (a NAT) guesses the same user's password, in parallel.
    const guesses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => call('POST', '/api/auth/login', undefined, { username: 'dept-huanwei', password: `nat-guess-${i}` })),
    )
    expect(guesses.every((g) => g.status === 401 || g.status === 429)).toBe(true)
    expect(guesses.some((g) => g.status === 429)).toBe(true)
    // From a browser without the device cookie, the address is slowed down…
    expect((await call('POST', '/api/auth/login', undefined, { username: 'dept-huanwei', password: TEST_DEMO_PASSWORD })).status).toBe(429)
    // …but the user's own browser signs in at once.
    const own = await call('POST', '/api/auth/login', device.split(';')[0], { username: 'dept-huanwei', password: TEST_DEMO_PASSWORD })
    expect(own.status).toBe(200)
    // A device cookie counts only for the user it signed in.
    const other = await call('POST', '/api/auth/login', device.split(';')[0], { username: 'dept-huanwei', password: 'wrong-again-xx' })
    expect(other.status).toBe(401)
  })

  it('stores only scrypt hashes of passwords', async () => {
    const r = await platform.backend.pool.query<{ h: string }>(`SELECT password_hash AS h FROM users WHERE username = 'operator'`)
    expect(r.rows[0]!.h).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(r.rows[0]!.h).not.toContain(TEST_DEMO_PASSWORD)
  })
})

describe('users, managed by admins', () => {
  it('an admin creates a department user who can then sign in; disabling ends the sessions', async () => {
    const res = await call('POST', '/api/users', admin, {
      username: 'wang.jiaojing',
      displayName: '王警官',
      role: 'department',
      department: 'jiaojing',
      password: 'a-long-password-1',
    })
    expect(res.status).toBe(201)
    const user = UserSchema.parse(await res.json())
    const cookie = await signIn(platform.url, 'wang.jiaojing', 'a-long-password-1')
    expect((await call('GET', '/api/cases', cookie)).status).toBe(200)
    expect((await call('PATCH', `/api/users/${user.id}`, admin, { disabled: true })).status).toBe(200)
    expect((await call('GET', '/api/cases', cookie)).status).toBe(401)
    expect((await call('POST', '/api/auth/login', undefined, { username: 'wang.jiaojing', password: 'a-long-password-1' })).status).toBe(401)
  })

  it.each([
    [{ username: 'x', displayName: 'x', role: 'operator', password: 'a-long-password-1' }, 'username'],
    [{ username: 'li', displayName: 'x', role: 'department', password: 'a-long-password-1' }, 'department'],
    [{ username: 'li', displayName: 'x', role: 'operator', department: 'zhifa', password: 'a-long-password-1' }, 'department'],
    [{ username: 'li', displayName: 'x', role: 'department', department: 'nowhere', password: 'a-long-password-1' }, 'department'],
    [{ username: 'li', displayName: 'x', role: 'operator', password: 'short' }, 'password'],
    [{ username: 'operator', displayName: 'x', role: 'operator', password: 'a-long-password-1' }, 'username'],
  ])('refuses a bad user (%#) naming %s', async (body, field) => {
    const res = await call('POST', '/api/users', admin, body)
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.details?.map((d) => d.field)).toContain(field)
  })
})

describe('display tokens for wall screens', () => {
  it('sign a screen in read-only until revoked', async () => {
    const issued = await call('POST', '/api/display-tokens', admin, { name: '指挥中心大屏 1' })
    expect(issued.status).toBe(201)
    const { id, token } = (await issued.json()) as { id: number; token: string }
    const signIn = await call('POST', '/api/auth/display', undefined, { token })
    expect(signIn.status).toBe(200)
    const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('citygrid_display='))!
    expect(cookie).toMatch(/Max-Age=34560000/)
    const screen = cookie.split(';')[0]!
    expect(PrincipalSchema.parse(await (await call('GET', '/api/auth/me', screen)).json())).toMatchObject({
      kind: 'display',
      display: { name: '指挥中心大屏 1' },
    })
    expect((await call('GET', '/api/layers', screen)).status).toBe(200)
    expect((await call('GET', '/api/users', screen)).status).toBe(403)
    const ws = new RecordingClient(platform.url, undefined, screen)
    await ws.ready(1, WAIT_MS)
    expect((await call('DELETE', `/api/display-tokens/${id}`, admin)).status).toBe(200)
    // Its live connection is ended by the server, and reconnecting (the client keeps trying) is refused.
    await waitFor(() => ws.disconnects.includes('io server disconnect'), WAIT_MS, 'the screen to be disconnected')
    await waitFor(() => ws.connectErrors.some((e) => e.includes('unauthorized')), WAIT_MS, 'the reconnect to be refused')
    ws.close()
    expect((await call('GET', '/api/layers', screen)).status).toBe(401)
    expect((await call('POST', '/api/auth/display', undefined, { token })).status).toBe(401)
  })
})

describe('who reports decides the source', () => {
  const report = (cookie: string | undefined, source?: string) =>
    call('POST', '/api/cases', cookie, {
      classCode: '0102',
      title: '暴露垃圾',
      ...(source ? { source } : {}),
      location: { type: 'Point', coordinates: [106.84, 32.356] },
    })

  it('anonymous reports are citizen reports and cannot claim another source', async () => {
    expect(((await (await report(undefined)).json()) as { source: string }).source).toBe('citizen')
    const claim = await report(undefined, 'inspector')
    expect(claim.status).toBe(403)
    expect(((await claim.json()) as ErrorBody).error.message).toBe("a report without sign-in may report as citizen, not as 'inspector'")
  })

  it("an inspector's report is the inspector's; the operator enters hotline cases", async () => {
    const inspector = await signIn(platform.url, 'inspector')
    expect(((await (await report(inspector)).json()) as { source: string }).source).toBe('inspector')
    expect((await report(inspector, 'citizen')).status).toBe(403)
    const operator = await signIn(platform.url, 'operator')
    expect(((await (await report(operator)).json()) as { source: string }).source).toBe('hotline')
    expect(((await (await report(operator, 'video')).json()) as { source: string }).source).toBe('video')
    const sensor = await report(operator, 'sensor')
    expect(sensor.status).toBe(403)
    expect(((await sensor.json()) as ErrorBody).error.message).toBe("role 'operator' may report as hotline, video, assigned, not as 'sensor'")
    const department = await report(await signIn(platform.url, 'dept-zhujian'))
    expect(department.status).toBe(403)
    expect(((await department.json()) as ErrorBody).error.message).toBe("role 'department' does not report cases")
  })
})

describe('the live socket', () => {
  it('refuses anonymous connections', async () => {
    const c = new RecordingClient(platform.url, undefined)
    await waitFor(() => c.connectErrors.length > 0, WAIT_MS, 'connect_error')
    expect(c.connectErrors[0]).toMatch(/unauthorized/)
    c.close()
  })
})

describe('live connections end with their session', () => {
  it('signing out disconnects that session’s sockets, not other sessions of the user', async () => {
    const one = await signIn(platform.url, 'operator')
    const two = await signIn(platform.url, 'operator')
    const a = new RecordingClient(platform.url, undefined, one)
    const b = new RecordingClient(platform.url, undefined, two)
    await a.ready(1, WAIT_MS)
    await b.ready(1, WAIT_MS)
    expect((await call('POST', '/api/auth/logout', one)).status).toBe(204)
    await waitFor(() => a.disconnects.includes('io server disconnect'), WAIT_MS, 'the signed-out socket to end')
    await new Promise((r) => setTimeout(r, 200)) // a fixed pause on purpose: b must NOT be disconnected meanwhile
    expect(b.disconnects).toEqual([])
    a.close()
    b.close()
  })

  it('refuses a socket opened from another site’s page', async () => {
    const { io } = await import('socket.io-client')
    const s = io(platform.url, { transports: ['websocket'], extraHeaders: { cookie: admin, origin: 'http://evil.example' }, reconnection: false })
    const outcome = await new Promise<string>((resolve) => {
      s.on('connect', () => resolve('connected'))
      s.on('connect_error', (e) => resolve(`refused: ${e.message}`))
    })
    s.close()
    expect(outcome).toMatch(/^refused/)
  })
})

describe(`a session ended by another server process (in the database): who a cookie is, remembered ${PRINCIPAL_REUSE_MS} ms`, () => {
  it('is refused a new live connection at once, and HTTP requests once the remembered answer lapses', async () => {
    const cookie = await signIn(platform.url, 'operator')
    expect((await call('GET', '/api/auth/me', cookie)).status).toBe(200) // remembered from here on
    await platform.backend.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash(cookie.split('=')[1]!)])
    // A live connection asks the database afresh: a socket let in on a remembered answer would stay.
    const c = new RecordingClient(platform.url, undefined, cookie)
    await waitFor(() => c.connectErrors.length > 0 || c.disconnects.length > 0 || c.socket.connected, WAIT_MS, 'the handshake answered')
    c.close()
    expect(c.socket.connected || c.connectErrors.length === 0, 'the socket was let in').toBe(false)
    expect(c.connectErrors[0]).toMatch(/unauthorized/)
    // HTTP reuses the answer a short while, then asks again and is refused.
    let status = 200
    const since = performance.now()
    while (status === 200 && performance.now() - since < WAIT_MS) {
      await new Promise((r) => setTimeout(r, 100))
      status = (await call('GET', '/api/auth/me', cookie)).status
    }
    expect(status).toBe(401)
  })
})

describe('sign-in throttling under parallel guesses', () => {
  it('lets at most the allowed number of guesses through', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('POST', '/api/auth/login', undefined, { username: 'dept-fagai', password: `parallel-${i}-xx` }).then((r) => r.status),
      ),
    )
    expect(guesses.filter((s) => s === 401).length).toBeLessThanOrEqual(FREE_FAILURES)
    expect(guesses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20 - FREE_FAILURES)
  })
})
