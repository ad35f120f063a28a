import type { Logger } from 'pino'

export interface Periodic {
  stop(): Promise<void>
}

/**
 * Run `task` now (awaited, so start-up settles before serving) and then every `intervalMs`, never two
 * at once; a failure is logged as `what` failed and the next round tries again. The timer does not
 * keep the process alive. Safe with several server processes as long as `task` is (each task says how).
 */
export async function startPeriodic(what: string, intervalMs: number, log: Logger, task: () => Promise<unknown>): Promise<Periodic> {
  let current: Promise<unknown> | null = null
  const run = () => {
    if (current) return
    current = task()
      .catch((err: unknown) => log.error({ err }, `${what} failed`))
      .finally(() => {
        current = null
      })
  }
  run()
  await current
  const timer = setInterval(run, intervalMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await current
    },
  }
}
