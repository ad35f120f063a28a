import { fileURLToPath } from 'node:url'
import type { Config } from '../../server/src/config.ts'
import { demoCityOptions } from '../../server/src/platform.ts'

/** The web package's directory (its dist/ is what the worlds serve). */
export const webDir = fileURLToPath(new URL('..', import.meta.url))

/** A world's server environment: this process's, with the world's own settings over it. */
export function e2eEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return { ...process.env, ...extra }
}

/**
 * What a world's demo city is made from, but its anchor time: equal keys, the same city. The run's
 * template is seeded at its start, so a world's city is minutes older than the world — as a city
 * seeded when the world starts would be by the time its later tests run.
 */
export function demoCityKey(config: Readonly<Config>): string {
  const { now: _anchor, ...made } = demoCityOptions(config, new Date(0))
  return JSON.stringify(made)
}
