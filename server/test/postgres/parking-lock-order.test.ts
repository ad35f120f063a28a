import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { openTestBackend } from '../db.ts'
import type { Backend } from '../../src/db/backend.ts'
import { applySpaceChanges, insertParkingLots, insertParkingSpaces } from '../../src/parking/parking.repository.ts'

let backend: Backend & { url?: string }
// Ids whose text order is not their insertion order, so that a plan's order is unlikely to be id order by chance.
const LOTS = ['lock-e', 'lock-b', 'lock-f', 'lock-a', 'lock-d', 'lock-c']
const sorted = [...LOTS].sort()

beforeAll(async () => {
  backend = await openTestBackend()
  await insertParkingLots(
    backend.pool,
    LOTS.map((id, i) => ({
      id,
      name: id,
      kind: 'on_street',
      price: '',
      openingHours: '24/7',
      public: true,
      geometry: { type: 'Point', coordinates: [106.84 + i * 0.001, 32.35] },
    })),
  )
  await insertParkingSpaces(
    backend.pool,
    LOTS.map((id, i) => ({ id: `${id}-1`, lotId: id, status: 'free', statusAt: '2020-01-01T00:00:00Z', lng: 106.84 + i * 0.001, lat: 32.35 })),
  )
})
afterAll(() => backend?.close())

async function client(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: backend.url })
  await c.connect()
  return c
}

/** Until `pid` waits for a lock (polled from the pool: a transaction sees one snapshot of pg_stat_activity). */
async function waitingForLock(pid: number): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const r = await backend.pool.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid])
    if (r.rows[0]?.wait_event_type === 'Lock') return
    if (Date.now() > deadline) throw new Error(`backend ${pid} never waited for a lock`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('parking lot counts under concurrent batches (system PostgreSQL)', () => {
  it('a batch locks its lots in id order, so two batches sharing lots cannot deadlock', async () => {
    const holder = await client()
    const batch = await client()
    try {
      // The holder takes the last lot; the batch touches every lot and must stop at that one having
      // taken all the others (id order) — not part-way in whatever order its plan produced.
      await holder.query('BEGIN')
      await holder.query(`SELECT 1 FROM parking_lots WHERE id = $1 FOR UPDATE`, [sorted.at(-1)])
      const pid = (await batch.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid
      await batch.query('BEGIN')
      const applying = applySpaceChanges(
        batch,
        LOTS.map((id) => ({ spaceId: `${id}-1`, status: 'occupied', at: new Date().toISOString() })),
      )
      await waitingForLock(pid)
      for (const id of sorted.slice(0, -1)) {
        const taken = await holder.query(`SAVEPOINT probe; SELECT 1 FROM parking_lots WHERE id = '${id}' FOR UPDATE NOWAIT`).then(
          () => false,
          (err: { code?: string }) => err.code === '55P03', // lock_not_available: the batch holds it
        )
        await holder.query('ROLLBACK TO SAVEPOINT probe')
        expect(taken, `lot ${id} locked by the waiting batch`).toBe(true)
      }
      await holder.query('ROLLBACK')
      expect(await applying).toBe(LOTS.length)
      await batch.query('COMMIT')
      const counts = await backend.pool.query<{ free: number }>(`SELECT sum(spaces_free)::int AS free FROM parking_lots WHERE id = ANY($1)`, [LOTS])
      expect(counts.rows[0]!.free).toBe(0)
    } finally {
      await holder.end()
      await batch.end()
    }
  })
})
