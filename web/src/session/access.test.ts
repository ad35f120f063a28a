import { ROLES, type Principal, type Role } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { audienceOf, canAccess, canEditZones, decide, safeNext, VIEWERS, type Destination } from './access.ts'

const user = (role: Role): Principal => ({
  kind: 'user',
  user: { id: 1, username: role, displayName: role, role, department: role === 'department' ? 'zhujian' : null, disabled: false },
})
const wall: Principal = { kind: 'display', display: { id: 3, name: '指挥中心主屏' } }

const to = (fullPath: string, meta: Destination['meta'] = { audience: VIEWERS }, query: Record<string, unknown> = {}): Destination => ({
  path: fullPath.split('?')[0]!,
  fullPath,
  meta,
  query,
})

describe('access', () => {
  it('knows who is asking: a role or a wall screen', () => {
    expect(audienceOf(null)).toBeNull()
    expect(audienceOf(user('operator'))).toBe('operator')
    expect(audienceOf(wall)).toBe('display')
  })

  it('lets a page through only to its audience; public pages to anyone', () => {
    expect(canAccess({ public: true }, null)).toBe(true)
    expect(canAccess({ audience: VIEWERS }, null)).toBe(false)
    expect(canAccess({ audience: VIEWERS }, wall)).toBe(true)
    expect(canAccess({ audience: ['admin'] }, user('admin'))).toBe(true)
    expect(canAccess({ audience: ['admin'] }, user('operator'))).toBe(false)
    expect(canAccess({ audience: ['admin'] }, wall)).toBe(false)
    expect(canAccess({}, user('department'))).toBe(true)
  })

  it('sends anonymous visitors to sign in, remembering where they were going', () => {
    expect(decide(to('/cases?status=reported'), null)).toEqual({ path: '/login', query: { next: '/cases?status=reported' } })
    expect(decide(to('/'), null)).toEqual({ path: '/login' })
    expect(decide(to('/admin', { audience: ['admin'] }), null)).toEqual({ path: '/login', query: { next: '/admin' } })
  })

  it('lets signed-in visitors through, even to pages outside their role (the shell says "no access")', () => {
    expect(decide(to('/cases/12'), user('operator'))).toBe(true)
    expect(decide(to('/admin', { audience: ['admin'] }), user('operator'))).toBe(true)
    expect(decide(to('/map'), wall)).toBe(true)
  })

  it('shows the sign-in page to anonymous visitors and skips it for signed-in ones', () => {
    const login = (next?: string) => to('/login', { public: true }, next === undefined ? {} : { next })
    expect(decide(login('/cases'), null)).toBe(true)
    expect(decide(login('/cases'), user('operator'))).toEqual({ path: '/cases' })
    expect(decide(login(), user('operator'))).toEqual({ path: '/' })
  })

  it('sends a signed-in visitor home to where their work starts: staff to 待办, a wall screen to the map', () => {
    const home = to('/', { audience: VIEWERS })
    for (const role of ROLES) expect(decide(home, user(role))).toEqual({ path: '/todo' })
    expect(decide(home, wall)).toEqual({ path: '/map' })
    expect(decide(home, null)).toEqual({ path: '/login' })
    expect(decide(to('/map', { audience: VIEWERS }), user('department'))).toBe(true)
  })

  it('returns only to paths on this site after signing in', () => {
    expect(safeNext('/cases?status=reported')).toBe('/cases?status=reported')
    expect(safeNext(['/admin'])).toBe('/admin')
    for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'cases', '/login', '/login?next=/x', undefined, 42]) {
      expect(safeNext(bad), String(bad)).toBe('/')
    }
  })
})

describe('canEditZones', () => {
  it('lets supervisors and admins draw, and no one else (as the API)', () => {
    expect(canEditZones('supervisor')).toBe(true)
    expect(canEditZones('admin')).toBe(true)
    for (const who of ['operator', 'inspector', 'department', 'display', null] as const) expect(canEditZones(who), String(who)).toBe(false)
  })
})
