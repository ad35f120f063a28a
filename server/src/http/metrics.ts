import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type pg from 'pg'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { IngestResult, OutboxEvent } from '@citygrid/shared'
import type { DatabaseAvailability } from '../db/availability.ts'
import { HJ212_OUTCOMES, type Hj212Outcome } from '../hj212/outcomes.ts'

/** What a server process counts for Prometheus (`GET /metrics`). One registry per process (per platform in tests). */
export class PlatformMetrics {
  readonly registry = new Registry()
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>
  private readonly httpSeconds: Histogram<'method' | 'route'>
  private readonly ingestItems: Counter<'kind' | 'outcome'>
  private readonly outboxLag: Histogram
  private readonly hj212Packets: Counter<'outcome'>
  private sockets: (() => Record<string, number>) | null = null
  /** When this registry's counters started at 0. */
  readonly since = new Date()
  private lastDeliveredId = 0

  constructor(pool: pg.Pool, availability: DatabaseAvailability) {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry, prefix: 'citygrid_' })
    this.httpRequests = new Counter({
      name: 'citygrid_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    })
    this.httpSeconds = new Histogram({
      name: 'citygrid_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    })
    this.ingestItems = new Counter({
      name: 'citygrid_ingest_items_total',
      help: 'Device items ingested, by kind (parking, dust) and outcome (accepted, unchanged, rejected)',
      labelNames: ['kind', 'outcome'],
      registers,
    })
    this.hj212Packets = new Counter({
      name: 'citygrid_hj212_packets_total',
      help: 'HJ 212 packets (and runs of bytes outside any) from dust monitors over TCP, by outcome: accepted, unchanged (a replay), or why refused',
      labelNames: ['outcome'],
      registers,
    })
    // Every outcome from the start, at 0: a refusal that has not happened yet still has its series.
    for (const outcome of HJ212_OUTCOMES) this.hj212Packets.inc({ outcome }, 0)
    this.outboxLag = new Histogram({
      name: 'citygrid_outbox_delivery_lag_seconds',
      help: 'From an event being written in its transaction to this process pushing it to sockets',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    })
    const self = this
    new Gauge({
      name: 'citygrid_outbox_last_delivered_id',
      help: 'Id of the last outbox event this process pushed',
      registers,
      collect() {
        this.set(self.lastDeliveredId)
      },
    })
    new Gauge({
      name: 'citygrid_db_pool_connections',
      help: 'Database pool connections by state (total, idle, waiting requests)',
      labelNames: ['state'],
      registers,
      collect() {
        this.set({ state: 'total' }, pool.totalCount)
        this.set({ state: 'idle' }, pool.idleCount)
        this.set({ state: 'waiting' }, pool.waitingCount)
      },
    })
    new Gauge({
      name: 'citygrid_db_up',
      help: '1 while the database answers this process, 0 during an outage',
      registers,
      collect() {
        this.set(availability.reachable ? 1 : 0)
      },
    })
    new Counter({
      name: 'citygrid_db_outages_total',
      help: 'Database outages this process has seen',
      registers,
      collect() {
        this.reset()
        this.inc(availability.outages)
      },
    })
    new Counter({
      name: 'citygrid_db_outage_seconds_total',
      help: 'Seconds without the database, over the outages that have ended',
      registers,
      collect() {
        this.reset()
        this.inc(availability.outageSeconds)
      },
    })
    new Gauge({
      name: 'citygrid_socket_connections',
      help: 'Open socket.io connections by namespace',
      labelNames: ['namespace'],
      registers,
      collect() {
        this.reset()
        for (const [namespace, n] of Object.entries(self.sockets?.() ?? {})) this.set({ namespace }, n)
      },
    })
  }

  /** Counts each request by the route that answered it (its pattern, not the path: ids stay out of labels). */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const start = performance.now()
      await next()
      const route = routePath(c) || '*'
      const labels = { method: c.req.method, route: route === '/*' || route === '*' ? 'static' : route }
      this.httpSeconds.observe(labels, (performance.now() - start) / 1000)
      this.httpRequests.inc({ ...labels, status: String(c.res.status) })
    }
  }

  ingested(kind: 'parking' | 'dust', result: IngestResult): void {
    this.ingestItems.inc({ kind, outcome: 'accepted' }, result.accepted)
    this.ingestItems.inc({ kind, outcome: 'unchanged' }, result.unchanged)
    this.ingestItems.inc({ kind, outcome: 'rejected' }, result.rejected.length)
  }

  /** One packet taken or refused by the HJ 212 listener. */
  hj212Packet(outcome: Hj212Outcome): void {
    this.hj212Packets.inc({ outcome })
  }

  /** The HJ 212 packet counters as `/metrics` shows them, read from the same counter, every outcome in order. */
  async hj212Counts(): Promise<{ outcome: Hj212Outcome; count: number }[]> {
    const { values } = await this.hj212Packets.get()
    return HJ212_OUTCOMES.map((outcome) => ({ outcome, count: values.find((v) => v.labels.outcome === outcome)?.value ?? 0 }))
  }

  delivered(events: OutboxEvent[]): void {
    const now = Date.now()
    for (const e of events) this.outboxLag.observe(Math.max(0, now - Date.parse(e.at)) / 1000)
    if (events.length) this.lastDeliveredId = events[events.length - 1]!.id
  }

  /** Socket counts come from socket.io, which starts after the HTTP app. */
  countSockets(count: () => Record<string, number>): void {
    this.sockets = count
  }
}
