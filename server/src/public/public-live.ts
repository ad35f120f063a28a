import {
  lotCounts,
  PUBLIC_LOT_UPDATE_MIN_MS,
  PUBLIC_PARKING_NAMESPACE,
  type OutboxEvent,
  type PublicLotsMessage,
  type PublicParkingServerEvents,
} from '@citygrid/shared'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { Namespace } from 'socket.io'
import type { CitygridServer } from '../realtime/socket.ts'
import { publicLotsByIds } from './public-parking.repository.ts'
import { toPublicLot } from './public-parking.service.ts'

/** The lots whose counts a batch of outbox events may have changed. */
export function lotsTouched(events: readonly OutboxEvent[]): string[] {
  const ids = new Set<string>()
  for (const e of events) {
    if (e.type === 'space.status' || e.type === 'lot.counts') ids.add(e.payload.lotId)
  }
  return [...ids]
}

/**
 * Live counts for the public: lots reported changed are read back from the database (their counts as
 * committed, public lots only, fields picked one by one) and sent to `send`, each lot at most once per
 * `minIntervalMs`. A lot's first change goes out at once; changes inside its interval are merged into
 * one send when the interval ends, so the last count always arrives.
 */
export class PublicLotStream {
  private readonly dirty = new Set<string>()
  private readonly lastSent = new Map<string, number>()
  private timer: NodeJS.Timeout | undefined
  private timerAt = Infinity
  private flushing = false
  private stopped = false

  constructor(
    private readonly pool: pg.Pool,
    private readonly send: (message: PublicLotsMessage) => void,
    private readonly log: Logger,
    private readonly minIntervalMs = PUBLIC_LOT_UPDATE_MIN_MS,
    private readonly now: () => number = Date.now,
  ) {}

  changed(lotIds: readonly string[]): void {
    if (this.stopped || lotIds.length === 0) return
    for (const id of lotIds) this.dirty.add(id)
    this.schedule()
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
  }

  /** When the earliest dirty lot may be sent again. */
  private nextDue(): number {
    let due = Infinity
    for (const id of this.dirty) due = Math.min(due, (this.lastSent.get(id) ?? -Infinity) + this.minIntervalMs)
    return due
  }

  private schedule(): void {
    if (this.flushing || this.stopped || this.dirty.size === 0) return
    const at = Math.max(this.nextDue(), this.now())
    if (at >= this.timerAt) return
    clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(() => {
      this.timerAt = Infinity
      void this.flush()
    }, at - this.now())
    this.timer.unref()
  }

  private async flush(): Promise<void> {
    const now = this.now()
    const due = [...this.dirty].filter((id) => (this.lastSent.get(id) ?? -Infinity) + this.minIntervalMs <= now)
    // Lots not sent within an interval need no entry: the map stays as small as the busy lots.
    for (const [id, at] of this.lastSent) if (at + this.minIntervalMs <= now) this.lastSent.delete(id)
    this.flushing = true
    for (const id of due) this.dirty.delete(id)
    try {
      if (due.length > 0) {
        const rows = await publicLotsByIds(this.pool, due)
        if (rows.length > 0 && !this.stopped) {
          const at = new Date()
          this.send({ lots: rows.map((row) => lotCounts(toPublicLot(row, at))) })
        }
      }
    } catch (err) {
      // Not lost: the lots go back to the dirty set and are read again after their interval.
      for (const id of due) this.dirty.add(id)
      this.log.error({ err, lots: due.length }, 'public lot counts could not be read; retrying')
    } finally {
      // The interval runs from the send (or the failed read), not from before the read: a slow read
      // followed by a fast one must not put two sends of a lot inside one interval.
      const sentAt = this.now()
      for (const id of due) this.lastSent.set(id, sentAt)
      this.flushing = false
      this.schedule()
    }
  }
}

/**
 * The public namespace on the platform's socket.io: no handshake auth (the staff namespace's middleware
 * is its own), nothing to subscribe to, nothing received from clients. Each process sends to its own
 * sockets (`local`): every process runs its own pump and stream.
 */
export function openPublicParkingChannel(io: CitygridServer, pool: pg.Pool, log: Logger, minIntervalMs?: number) {
  const ns = io.of(PUBLIC_PARKING_NAMESPACE) as unknown as Namespace<Record<string, never>, PublicParkingServerEvents>
  return new PublicLotStream(pool, (message) => ns.local.emit('lots', message), log, minIntervalMs)
}
