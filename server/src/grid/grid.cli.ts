/**
 * `pnpm grid:import <grid.geojson>`: replace the generated unit grid with a real one (a
 * FeatureCollection of Polygons with a 14-digit `code` property each). All or nothing.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import pino from 'pino'
import { loadConfig } from '../config.ts'
import { migrate } from '../db/migrate.ts'
import { AppError } from '../http/errors.ts'
import { openBackend } from '../platform.ts'
import { importUnitGrid } from './unit-grid.ts'

const file = process.argv[2]
if (!file) {
  console.error('usage: pnpm grid:import <grid.geojson>')
  process.exit(2)
}
const config = loadConfig()
const backend = await openBackend(config, pino({ level: 'warn' }))
try {
  await migrate(backend.pool, config.migrationsDir)
  const fc = JSON.parse(await fs.readFile(path.resolve(process.env.INIT_CWD ?? '.', file), 'utf8'))
  console.log(`unit grid replaced: ${await importUnitGrid(backend.pool, fc)} cells`)
} catch (err) {
  if (!(err instanceof AppError)) throw err
  console.error(`grid rejected: ${err.message}`)
  process.exitCode = 1
} finally {
  await backend.close()
}
