/**
 * The shape of every `pnpm <thing>:import <file.geojson> [--options]` command: read the file (relative
 * to where pnpm was called), bring the configured database up to date, hand both to `run`, and report.
 * A refusal (an AppError: the file is not what it should be) lists every reason, changes nothing and
 * exits 1; anything else is a fault and is thrown.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type pg from 'pg'
import pino from 'pino'
import { loadConfig } from '../config.ts'
import { AppError } from '../http/errors.ts'
import { openBackend, prepareDatabase } from '../platform.ts'

export async function runImportCli<K extends string>(cli: {
  /** What is imported, for messages: 'towns', 'boundary', 'grid'. */
  what: string
  usage: string
  /** Its options, each a string: `--name value`. */
  options: Record<K, { type: 'string' }>
  /** Import `geojson` and say what was done (printed). */
  run(pool: pg.Pool, geojson: unknown, file: string, values: Partial<Record<K, string>>): Promise<string>
}): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: cli.options })
  const file = positionals[0]
  if (!file) {
    console.error(`usage: ${cli.usage}`)
    process.exit(2)
  }
  const config = loadConfig()
  const log = pino({ level: 'warn' })
  const backend = await openBackend(config, log)
  try {
    await prepareDatabase(backend.pool, config, log)
    const geojson: unknown = JSON.parse(await fs.readFile(path.resolve(process.env.INIT_CWD ?? '.', file), 'utf8'))
    console.log(await cli.run(backend.pool, geojson, file, values as Partial<Record<K, string>>))
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    const details = err.details ?? []
    console.error(`${cli.what} rejected, nothing changed:${details.length ? '' : ` ${err.message}`}`)
    for (const d of details) console.error(`  ${d.field}: ${d.reason}`)
    process.exitCode = 1
  } finally {
    await backend.close()
  }
}
