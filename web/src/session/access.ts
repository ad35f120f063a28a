import { ZONE_EDITORS, type Principal, type Role } from '@citygrid/shared'

/** Who a page is for: staff roles, and `display` for wall screens signed in with a display token. */
export type Audience = Role | 'display'

export const STAFF: readonly Audience[] = ['admin', 'supervisor', 'operator', 'inspector', 'department']
export const VIEWERS: readonly Audience[] = [...STAFF, 'display']

/** Whether `who` may draw and change patrol zones (shared ZONE_EDITORS, as the API enforces). */
export function canEditZones(who: Audience | null): boolean {
  return who !== null && who !== 'display' && ZONE_EDITORS.includes(who)
}

export interface AccessMeta {
  /** Open without signing in (the sign-in page). */
  public?: boolean
  /** Who may see the page; absent: anyone signed in. */
  audience?: readonly Audience[]
  /** A wall page: no header, no scrolling, the whole screen. */
  kiosk?: boolean
}

export function audienceOf(p: Principal | null): Audience | null {
  if (!p) return null
  return p.kind === 'user' ? p.user.role : 'display'
}

/** Whether `principal` may see a page: anyone for public pages, else a principal in the audience. */
export function canAccess(meta: AccessMeta, principal: Principal | null): boolean {
  if (meta.public) return true
  const who = audienceOf(principal)
  return who !== null && (!meta.audience || meta.audience.includes(who))
}

/** A `next` to return to after signing in: only a path on this site, never the sign-in page itself. */
export function safeNext(next: unknown): string {
  const n = Array.isArray(next) ? next[0] : next
  if (typeof n !== 'string' || !n.startsWith('/') || n.startsWith('//') || n.startsWith('/\\')) return '/'
  return n === '/login' || n.startsWith('/login?') ? '/' : n
}

/** Where one's work starts: staff at their to-do list (待办), wall screens at the map. */
export function landingOf(who: Audience): string {
  return who === 'display' ? '/map' : '/todo'
}

export interface Destination {
  path: string
  fullPath: string
  meta: AccessMeta
  query: Record<string, unknown>
}

export type GuardDecision = true | { path: string; query?: Record<string, string> }

/**
 * Where a navigation ends: anonymous visitors go to sign in (and come back after); a signed-in visitor
 * skips the sign-in page, and home (`/`) is where their work starts. Pages outside one's role are not
 * redirected: the shell says "no access" there.
 */
export function decide(to: Destination, principal: Principal | null): GuardDecision {
  if (to.meta.public) return principal && to.path === '/login' ? { path: safeNext(to.query.next) } : true
  if (principal) return to.path === '/' ? { path: landingOf(audienceOf(principal)!) } : true
  return to.fullPath === '/' ? { path: '/login' } : { path: '/login', query: { next: to.fullPath } }
}
