import { ConfigError } from './config.ts'
import { MigrationError } from './db/migrate.ts'
import { startPlatform } from './platform.ts'

/** `pnpm start`: run the platform until SIGINT/SIGTERM. */
try {
  const platform = await startPlatform()
  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    platform.log.info({ signal }, 'shutting down')
    platform.close().then(
      () => process.exit(0),
      (err: unknown) => {
        platform.log.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
} catch (err) {
  if (err instanceof ConfigError || err instanceof MigrationError) {
    console.error(`citygrid cannot start: ${err.message}`)
  } else {
    console.error('citygrid cannot start:', err)
  }
  process.exit(1)
}
