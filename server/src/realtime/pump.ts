import type pg from 'pg'
import type { Logger } from 'pino'
import type { OutboxEvent } from '@citygrid/shared'
import { lastEventId, readEventsAfter } from './outbox.ts'

const BATCH = 500

/**
 * Reads committed events from the outbox in id order and hands each batch to `deliver`.
 * Woken by commit notifications (see db/backend.ts) and, as a safety net, by a slow poll.
 * `lastId` is updated synchronously with delivery, so a catch-up reader can compare against it
 * without a gap (see realtime/socket.ts).
 */
export class EventPump {
  lastId = 0
  private running = false
  private again = false
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly pool: pg.Pool,
    private readonly deliver: (events: OutboxEvent[]) => void,
    private readonly log: Logger,
    private readonly pollMs = 2_000,
  ) {}

  async start(): Promise<void> {
    this.lastId = await lastEventId(this.pool)
    this.timer = setInterval(() => this.poke(), this.pollMs)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
  }

  /** Something may have been committed: read and deliver everything after `lastId`. */
  poke(): void {
    if (this.running) {
      this.again = true
      return
    }
    this.running = true
    this.drain()
      .catch((err) => this.log.error({ err }, 'event pump failed to read the outbox; will retry on next poke'))
      .finally(() => {
        this.running = false
        if (this.again) {
          this.again = false
          this.poke()
        }
      })
  }

  private async drain(): Promise<void> {
    for (;;) {
      const events = await readEventsAfter(this.pool, this.lastId, BATCH)
      if (events.length === 0) return
      this.lastId = events[events.length - 1]!.id
      this.deliver(events)
      if (events.length < BATCH) return
    }
  }
}
