/**
 * The wall screen's soak (web/e2e/wall.soak.ts): minutes of a fast live feed and repeated 24 h replays
 * on the wall in headless Chromium; the JS heap after a forced collection at the end beside the same
 * measure at the end of the warm-up (the baseline, same page, same run), with the ratio. The test
 * itself fails past +10 %. SOAK_MINUTES (default 10 here) sets the measured span; a long run, so it
 * lives here and not in CI.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { root } from './citygrid.ts'

interface SoakReport {
  soakS: number
  firstBytes: number
  lastBytes: number
  growth: number
}

export async function benchSoak(): Promise<void> {
  const minutes = process.env.SOAK_MINUTES ?? '10'
  console.log(`\n== wall soak: ${minutes} min of a fast live feed and replays (vitest project soak)`)
  const reportFile = path.join(root, 'web', 'test-results', 'soak-heap.json')
  rmSync(reportFile, { force: true })
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'soak'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SOAK_MINUTES: minutes },
  })
  if (run.status !== 0) throw new Error(`the soak failed (vitest exit ${run.status}): see above`)
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as SoakReport
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`
  console.log(
    `wall JS heap after GC: ${mib(report.lastBytes)} after ${report.soakS / 60} min | baseline (end of warm-up) ${mib(report.firstBytes)} | ×${(report.lastBytes / report.firstBytes).toFixed(3)}`,
  )
}
