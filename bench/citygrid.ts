/**
 * What the benchmarks share to run the real citygrid: scratch databases on the system PostgreSQL,
 * server child processes (as `pnpm start` runs them) and signing in as the demo operator.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import pg from 'pg'
import { freePort, waitUntil } from './util.ts'

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
export const root = path.resolve(import.meta.dirname, '..')

/** A node process running a TypeScript file through tsx, its stdout piped, stderr shown. */
export function spawnTsx(script: string[], cwd: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...script], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
}

/** Stop a child and wait until it has exited (a server closing its pool before the database is dropped). */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
}

export interface ScratchDatabase {
  url: string
  drop(): Promise<void>
}

/** A new, empty database named after this process; `drop` removes it, connections and all. */
export async function scratchDatabase(suffix = ''): Promise<ScratchDatabase> {
  const name = `citygrid_bench_${process.pid}${suffix}`
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  return {
    url: Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString(),
    async drop() {
      const a = new pg.Client({ connectionString: ADMIN_URL })
      await a.connect()
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await a.end()
      }
    },
  }
}

/**
 * citygrid on `dbUrl` (or, given `{ dataDir }`, on the embedded database there) in demo mode without
 * the live feed (so nothing changes under a measurement), on a free loopback port; resolves once
 * /api/health answers, which is after the demo city is seeded.
 */
export async function startCitygrid(
  db: string | { dataDir: string },
  env: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort()
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where its time goes.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawnTsx([...nodeArgs, 'src/main.ts'], path.join(root, 'server'), {
    ...(typeof db === 'string' ? { DATABASE_URL: db } : { DATABASE_URL: '', DATA_DIR: db.dataDir }),
    DEMO: 'true',
    LIVE_FEED: 'false',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...env,
  })
  const url = `http://127.0.0.1:${port}`
  let exited: number | null = null
  child.once('exit', (code) => (exited = code ?? -1))
  await waitUntil(async () => {
    if (exited !== null) throw new Error(`citygrid exited with ${exited} before answering /api/health`)
    return (await fetch(`${url}/api/health`).catch(() => null))?.ok === true
  }, timeoutMs)
  return { url, child }
}

/** Sign in as a demo user (the operator unless said); the session cookie as `name=value`. */
export async function signIn(url: string, username = 'operator'): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'citygrid-demo' }),
  })
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`)
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('citygrid_session='))
  if (!cookie) throw new Error('sign-in set no session cookie')
  return cookie.split(';')[0]!
}
