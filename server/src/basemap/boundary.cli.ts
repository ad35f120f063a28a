/**
 * `pnpm boundary:import <file.geojson> [--name-zh 南江县] [--name-en "Nanjiang County"] [--source "…"]`:
 * replace the service area and basemap outline with a real boundary, in the configured database.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pino from 'pino'
import { loadConfig } from '../config.ts'
import { migrate } from '../db/migrate.ts'
import { AppError } from '../http/errors.ts'
import { openBackend } from '../platform.ts'
import { importBoundary } from './boundary.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'name-zh': { type: 'string' }, 'name-en': { type: 'string' }, source: { type: 'string' } },
})
const file = positionals[0]
if (!file) {
  console.error('usage: pnpm boundary:import <file.geojson> [--name-zh …] [--name-en …] [--source …]')
  process.exit(2)
}
const config = loadConfig()
const backend = await openBackend(config, pino({ level: 'warn' }))
try {
  await migrate(backend.pool, config.migrationsDir)
  const geojson: unknown = JSON.parse(await fs.readFile(path.resolve(process.env.INIT_CWD ?? '.', file), 'utf8'))
  const r = await importBoundary(backend.pool, geojson, {
    zh: values['name-zh'] ?? '南江县',
    en: values['name-en'] ?? 'Nanjiang County',
    source: values.source ?? `imported from ${path.basename(file)}`,
  })
  console.log(`service area replaced: ${r.areaKm2} km²`)
} catch (err) {
  if (err instanceof AppError) {
    console.error(`boundary rejected: ${err.message}`)
    process.exitCode = 1
  } else throw err
} finally {
  await backend.close()
}
