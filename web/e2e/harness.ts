import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { chromium, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core'
import { inject } from 'vitest'
import { openEmbedded, type Backend } from '../../server/src/db/backend.ts'
import { configFrom, startPlatform, type PlatformOptions } from '../../server/src/platform.ts'
import { landingOf } from '../src/session/access.ts'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts'
import { demoCityKey, e2eEnv, webDir } from './world-data.ts'

/**
 * One end-to-end world: the real platform (embedded PGlite + PostGIS, demo city with its demo users,
 * no live feed) serving the built web app, and a headless Chromium with one page.
 */

export { webDir }
export const VIEWPORT = { width: 1600, height: 1000 }
/** DEMO_PASSWORD's default: every demo user's password. */
export const DEMO_PASSWORD = 'citygrid-demo'

/**
 * How long a test waits for something the page or the platform is about to do. CI runs on two shared,
 * often loaded cores, where a page that takes 50 ms here can take seconds there; a wait for a
 * condition that already holds costs nothing, so every wait is for the condition, with this generous
 * limit. Playwright's waits (`locator.waitFor`, actions, `waitForURL`, `waitForFunction`…) get it as
 * the context's default (see startWorld); `expect.poll` gets it through POLL. Two kinds of test time
 * things otherwise: a test of speed (a new case on the wall within 2 s) waits WAIT_MS and then asserts
 * the time it measured, so that a slow run says how slow; and a test that something does NOT happen
 * waits a stated period, saying so where it does.
 */
export const WAIT_MS = 30_000

/** `expect.poll(fn, POLL)`: vitest's own default gives up after 1 s. Add a `message` with `{ ...POLL, message }`. */
export const POLL = { timeout: WAIT_MS, interval: 100 }

export interface World {
  url: string
  context: BrowserContext
  page: Page
  /** Uncaught errors in the page. */
  pageErrors: string[]
  /** What the page logged as errors (Vue reports errors it caught in a component this way). */
  consoleErrors: string[]
  /** Run SQL on the platform's database (set a test's ground: what a device or operator would have sent). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>
  /** Stop the platform (the page stays open); `start` brings it back on the same port and data. */
  stopPlatform(): Promise<void>
  startPlatform(): Promise<void>
  close(): Promise<void>
}

export interface WorldOptions {
  /** Run the live demo feed (default off: tests post what they need). */
  liveFeed?: boolean
  /** Extra server configuration (e.g. LIVE_FEED_INTERVAL_MS). */
  env?: Record<string, string>
  /** The browser context: a phone's viewport, touch, geolocation and its permission… */
  browser?: Omit<Parameters<typeof chromium.launchPersistentContext>[1], keyof LaunchOptions>
}

/**
 * The platform of a world, over its own data directory. The first start copies the run's template
 * database into it (global-setup.ts) when the world's demo city is the template's; a restart opens
 * the same directory again, as a restarted server would.
 */
function worldPlatform(options: PlatformOptions & { dataDir: string }) {
  const config = configFrom(options)
  let fromTemplate = config.database.mode === 'embedded' && demoCityKey(config) === inject('e2eCityKey')
  return async (port: number) => {
    if (config.database.mode !== 'embedded') return { platform: await startPlatform({ ...options, port }), backend: null }
    const backend: Backend = await openEmbedded(
      {
        dataDir: options.dataDir,
        statementTimeoutMs: config.statementTimeoutMs,
        ...(fromTemplate ? { loadDataDir: new Blob([readFileSync(inject('e2eTemplate'))]) } : {}),
      },
      options.log!,
    )
    fromTemplate = false
    try {
      return { platform: await startPlatform({ ...options, port, backend }), backend }
    } catch (err) {
      await backend.close()
      throw err
    }
  }
}

export async function startWorld(worldOptions: WorldOptions = {}): Promise<World> {
  const dirs: string[] = []
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    dirs.push(dir)
    return dir
  }
  const options = {
    dataDir: tempDir('citygrid-e2e-data-'),
    demo: true,
    liveFeed: worldOptions.liveFeed ?? false,
    webDist: join(webDir, 'dist'),
    env: e2eEnv(worldOptions.env),
  }
  const start = worldPlatform({ ...options, log: pino({ level: configFrom(options).logLevel }) })
  let running: Awaited<ReturnType<typeof start>> | null = await start(0)
  const url = running.platform.url
  const port = Number(new URL(url).port)
  const stop = async () => {
    await running?.platform.close()
    await running?.backend?.close()
    running = null
  }
  const context = await chromium.launchPersistentContext(tempDir('citygrid-e2e-chromium-'), {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    ...worldOptions.browser,
  })
  context.setDefaultTimeout(WAIT_MS)
  context.setDefaultNavigationTimeout(WAIT_MS)
  const page = context.pages()[0] ?? (await context.newPage())
  const pageErrors: string[] = []
  page.on('pageerror', (err) => pageErrors.push(err.message))
  const consoleErrors: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text())
  })
  return {
    url,
    context,
    page,
    pageErrors,
    consoleErrors,
    async query<T>(sql: string, params: unknown[] = []) {
      if (!running) throw new Error('the platform is stopped')
      return (await running.platform.backend.pool.query(sql, params)).rows as T[]
    },
    async stopPlatform() {
      await stop()
    },
    async startPlatform() {
      if (!running) running = await start(port)
    },
    async close() {
      await context.close()
      await stop()
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Sign in through the sign-in page as a person would: open `path` (any page sends an anonymous visitor
 * to sign in), fill the form, submit, and wait to be back on `path` with the header naming the user.
 */
/** Sign a demo user in through the sign-in page on the way to `path`; without one, home: where the user's work starts (待办). */
export async function signIn(world: World, username: string, path?: string): Promise<void> {
  const { page, url } = world
  await page.goto(`${url}${path ?? '/'}`)
  await page.waitForURL((u) => u.pathname === '/login')
  await page.locator('[data-testid=login-form] input[name=username]').fill(username)
  await page.locator('[data-testid=login-form] input[name=password]').fill(DEMO_PASSWORD)
  await page.locator('[data-testid=login-form] button[type=submit]').click()
  const destination = path ?? landingOf('operator') // every staff role starts at the same page
  await page.waitForURL((u) => u.pathname + u.search === destination)
  await page.locator('[data-testid=who]').waitFor()
}

export async function signOut(world: World): Promise<void> {
  await world.page.locator('[data-testid=sign-out]').click()
  await world.page.waitForURL((u) => u.pathname === '/login')
}

/** Keep a screenshot in web/test-results for people to look at. */
export async function keepScreenshot(page: Page, name: string): Promise<Buffer> {
  const png = await page.screenshot()
  mkdirSync(join(webDir, 'test-results'), { recursive: true })
  writeFileSync(join(webDir, 'test-results', `${name}.png`), png)
  return png
}

/** Sign a demo user in through the API (a separate cookie jar from the browser's): the Cookie header to send. */
export async function apiSession(world: World, username: string): Promise<string> {
  const login = await fetch(`${world.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  })
  if (login.status !== 200) throw new Error(`${username} sign-in: ${login.status}`)
  return login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
}

/** Issue a display token as the admin, through the API. */
export async function issueDisplayToken(world: World, name: string): Promise<string> {
  const cookie = await apiSession(world, 'admin')
  const res = await fetch(`${world.url}/api/display-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ name }),
  })
  if (res.status !== 201) throw new Error(`display token: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { token: string }).token
}
