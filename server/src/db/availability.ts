import type pg from 'pg'
import type { Logger } from 'pino'
import { databaseFault } from './faults.ts'

/** What a client is told to wait before trying again while the database is away. */
export const RETRY_AFTER_SECONDS = 5

export interface AvailabilityOptions {
  /** How often the database is checked while it answers (outages are seen without traffic too). */
  checkEveryMs?: number
  /** How often it is checked while it does not: its return is noticed within this. */
  retryEveryMs?: number
}

export interface Outage {
  since: string
  reason: string
}

/**
 * Whether this process can reach its database now: a light `SELECT 1` on a timer, and at once after
 * any query that failed for a database reason (see faults.ts). The health routes, metrics and the
 * API's 503 answers read it; nothing waits on it — requests still try the database, so the first one
 * after the database's return succeeds without waiting for a check.
 */
export class DatabaseAvailability {
  private outage: Outage | null = null
  private timer: NodeJS.Timeout | undefined
  private checking: Promise<boolean> | null = null
  private stopped = false
  /** Outages seen since start, and their total length, for metrics. */
  outages = 0
  outageSeconds = 0
  private readonly checkEveryMs: number
  private readonly retryEveryMs: number

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
    opts: AvailabilityOptions = {},
  ) {
    this.checkEveryMs = opts.checkEveryMs ?? 5_000
    this.retryEveryMs = opts.retryEveryMs ?? 1_000
  }

  start(): void {
    this.schedule()
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
  }

  get reachable(): boolean {
    return this.outage === null
  }

  /** The outage going on, if any. */
  current(): Outage | null {
    return this.outage
  }

  /** A query failed: if the database is the reason, count it as away and check again soon. */
  report(err: unknown): void {
    if (databaseFault(err) !== 'unavailable') return
    this.markDown(err)
    this.schedule()
  }

  /** Ask the database now (one check at a time); true when it answered. */
  check(): Promise<boolean> {
    this.checking ??= this.pool
      .query('SELECT 1')
      .then(
        () => {
          this.markUp()
          return true
        },
        (err: unknown) => {
          // A pool too busy to give a connection, or a check cancelled as slow, is a database that answers.
          if (databaseFault(err) !== 'unavailable') return true
          this.markDown(err)
          return false
        },
      )
      .finally(() => {
        this.checking = null
      })
    return this.checking
  }

  private schedule(): void {
    if (this.stopped) return
    clearTimeout(this.timer)
    this.timer = setTimeout(
      () => {
        void this.check().then(() => this.schedule())
      },
      this.reachable ? this.checkEveryMs : this.retryEveryMs,
    )
    this.timer.unref()
  }

  private markDown(err: unknown): void {
    if (this.outage) return
    const reason = err instanceof Error ? err.message : String(err)
    this.outage = { since: new Date().toISOString(), reason }
    this.outages += 1
    this.log.error({ err }, 'database unreachable: answering 503 until it is back')
  }

  private markUp(): void {
    if (!this.outage) return
    const seconds = (Date.now() - Date.parse(this.outage.since)) / 1000
    this.outageSeconds += seconds
    this.outage = null
    this.log.warn({ seconds }, 'database reachable again')
  }
}
