/**
 * `pnpm demo:seed [--scale N] [--seed TEXT] [--now ISO]`: seed the configured database (DATABASE_URL
 * or the embedded one in DATA_DIR) with the demo county if it is empty.
 */
import { parseArgs } from 'node:util'
import pino from 'pino'
import { loadConfig } from '../config.ts'
import { migrate } from '../db/migrate.ts'
import { ensureBasemap } from '../basemap/basemap.data.ts'
import { openBackend } from '../platform.ts'
import { seedIfEmpty } from './seed.ts'
import { ensureUnitGrid } from '../grid/unit-grid.ts'

const { values } = parseArgs({
  options: { scale: { type: 'string' }, seed: { type: 'string' }, now: { type: 'string' } },
})
const config = loadConfig()
const now = values.now ? new Date(values.now) : new Date()
if (Number.isNaN(now.getTime())) {
  console.error(`--now: '${values.now}' is not a date (use ISO 8601, e.g. 2026-11-24T08:00:00+08:00)`)
  process.exit(2)
}
const scale = values.scale ? Number(values.scale) : config.demo.scale
if (!(scale > 0)) {
  console.error(`--scale: '${values.scale}' must be a positive number`)
  process.exit(2)
}
const log = pino({ level: config.logLevel })
const backend = await openBackend(config, log)
try {
  await migrate(backend.pool, config.migrationsDir)
  await ensureBasemap(backend.pool)
  await ensureUnitGrid(backend.pool)
  const started = Date.now()
  const summary = await seedIfEmpty(backend.pool, {
    seed: values.seed ?? config.demo.seed,
    scale,
    counts: config.demo.counts,
    now,
    demoPassword: config.auth.demoPassword,
    rules: config.cases,
  })
  if (summary) console.log(JSON.stringify({ seeded: summary, ms: Date.now() - started }))
  else console.log('the database already holds data; nothing seeded')
} finally {
  await backend.close()
}
