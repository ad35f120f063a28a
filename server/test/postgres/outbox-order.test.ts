import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { openTestBackend } from '../db.ts'
import type { Backend } from '../../src/db/backend.ts'

let backend: Backend & { url?: string }

beforeAll(async () => {
  backend = await openTestBackend()
})
afterAll(() => backend?.close())

describe('outbox ids on the system PostgreSQL', () => {
  it('become visible in id order: a later writer waits for the earlier one to commit', async () => {
    const a = new pg.Client({ connectionString: backend.url })
    const b = new pg.Client({ connectionString: backend.url })
    await a.connect()
    await b.connect()
    try {
      await a.query('BEGIN')
      const idA = (await a.query(`SELECT emit_event('case.updated', '{"n":"a"}') AS id`)).rows[0].id as string
      // B writes while A is still open: it must not commit an id that a reader could see before A's.
      let bDone = false
      const bWrite = b.query(`SELECT emit_event('case.updated', '{"n":"b"}') AS id`).then((r) => {
        bDone = true
        return r.rows[0].id as string
      })
      await new Promise((r) => setTimeout(r, 300)) // a fixed pause on purpose: B must NOT finish meanwhile
      expect(bDone).toBe(false)
      const visible = await backend.pool.query('SELECT id FROM events WHERE id >= $1', [idA])
      expect(visible.rowCount).toBe(0)
      await a.query('COMMIT')
      const idB = await bWrite
      expect(BigInt(idB)).toBeGreaterThan(BigInt(idA))
      const after = await backend.pool.query<{ id: number }>('SELECT id FROM events WHERE id >= $1 ORDER BY id', [idA])
      expect(after.rows.map((r) => String(r.id))).toEqual([idA, idB])
    } finally {
      await a.end()
      await b.end()
    }
  })

  it('a reader that resumes from the last id it saw never misses a concurrent writer', async () => {
    const seen: number[] = []
    let cursor = 0
    let writing = true
    const reader = (async () => {
      while (writing) {
        const r = await backend.pool.query<{ id: number }>('SELECT id FROM events WHERE id > $1 ORDER BY id', [cursor])
        for (const row of r.rows) seen.push(row.id)
        if (r.rows.length) cursor = r.rows[r.rows.length - 1]!.id
      }
    })()
    const writers = Array.from({ length: 8 }, async (_, w) => {
      const c = await backend.pool.connect()
      try {
        for (let i = 0; i < 15; i++) {
          await c.query('BEGIN')
          await c.query(`SELECT emit_event('case.updated', $1::jsonb)`, [JSON.stringify({ w, i })])
          await new Promise((r) => setTimeout(r, Math.random() * 5))
          await c.query('COMMIT')
        }
      } finally {
        c.release()
      }
    })
    await Promise.all(writers)
    writing = false
    await reader
    const rest = await backend.pool.query<{ id: number }>('SELECT id FROM events WHERE id > $1 ORDER BY id', [cursor])
    seen.push(...rest.rows.map((r) => r.id))
    const all = await backend.pool.query<{ id: number }>(`SELECT id FROM events WHERE payload ? 'w' ORDER BY id`)
    expect(all.rowCount).toBe(120)
    expect(seen.filter((id) => all.rows.some((r) => r.id === id))).toEqual(all.rows.map((r) => r.id))
  })
})
