import { inject } from 'vitest'
import { configFrom, demoCityOptions, startPlatform, type Platform, type PlatformOptions } from '../src/platform.ts'
import { openTestBackend, testLog } from './db.ts'

/** The demo's anchor time in tests, so the seeded city is the same in every run. */
export const TEST_NOW = new Date('2026-11-24T08:00:00+08:00')
export const TEST_INGEST_TOKEN = 'test-ingest-token-0123456789'

/** A test platform's options: the given ones over the tests' defaults. */
export function testOptions(opts: PlatformOptions): PlatformOptions {
  return {
    port: 0,
    host: '127.0.0.1',
    demo: true,
    liveFeed: false,
    now: TEST_NOW,
    log: testLog,
    ...opts,
    // The outbox poll is a safety net; tests set it long so that live delivery must come from notifications.
    // The seeded template's monitors last reported when the run began, which on a slow machine can be
    // longer ago than the default offline gap: a week, unless a test (dust-offline) sets its own. Tests
    // send readings at fixed dates, which the default retention would refuse from December 2028 on.
    env: { LOG_LEVEL: 'silent', INGEST_TOKEN: TEST_INGEST_TOKEN, EVENT_POLL_MS: '600000', DUST_OFFLINE_AFTER_MINUTES: '10080', DUST_RETENTION_MONTHS: '600', ...opts.env },
  }
}

/**
 * What the demo city of a test platform with these options is made from, as text: equal keys, equal
 * cities. The global setup seeds the default one into a template once, so that a test file whose
 * city is the default starts from a copy instead of seeding it again (seconds per file); any option
 * that changes the city (a scale, a password, case rules, another anchor time) gets it seeded anew.
 */
export function seededCityKey(opts: PlatformOptions = {}): string | null {
  const city = demoCityOf(opts)
  return city && JSON.stringify(city)
}

/** The options the demo city of a test platform with these options is made from; null without one. */
export function demoCityOf(opts: PlatformOptions = {}): ReturnType<typeof demoCityOptions> | null {
  const full = testOptions(opts)
  const config = configFrom(full)
  return config.demo.enabled ? demoCityOptions(config, full.now!) : null
}

/** The real platform on a random loopback port over a fresh test database, demo city seeded. */
export async function startTestPlatform(opts: PlatformOptions = {}): Promise<Platform> {
  const key = seededCityKey(opts)
  const backend = await openTestBackend({ seeded: key !== null && key === inject('seededCityKey') })
  const platform = await startPlatform({ ...testOptions(opts), backend })
  return {
    ...platform,
    async close() {
      await platform.close()
      await backend.close()
    },
  }
}

/** The demo users' password in tests (DEMO_PASSWORD's default). */
export const TEST_DEMO_PASSWORD = 'citygrid-demo'

/** Sign in as a demo user and return the Cookie header value for later requests. */
export async function signIn(url: string, username: string, password = TEST_DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`)
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('citygrid_session='))
  if (!cookie) throw new Error('no session cookie in the sign-in answer')
  return cookie.split(';')[0]!
}

/** A personal read-only API token (`cgp_…`) issued to the user of this session cookie, for GIS clients. */
export async function personalApiToken(url: string, sessionCookie: string, name = 'test client'): Promise<string> {
  const res = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { cookie: sessionCookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  })
  if (res.status !== 201) throw new Error(`no API token for ${name}: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { token: string }).token
}

/** A valid 1×1 PNG, for photo uploads. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

/** Issue a display token as an admin and sign a wall screen in with it; its Cookie header value. */
export async function signInDisplay(url: string, adminCookie: string, name: string): Promise<string> {
  const issued = await fetch(`${url}/api/display-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: adminCookie },
    body: JSON.stringify({ name }),
  })
  const { token } = (await issued.json()) as { token: string }
  const display = await fetch(`${url}/api/auth/display`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  })
  const cookie = display.headers.getSetCookie().find((c) => c.startsWith('citygrid_display='))
  if (!cookie) throw new Error(`display sign-in answered ${display.status} without a display cookie`)
  return cookie.split(';')[0]!
}
