import net from 'node:net'
import pg from 'pg'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedWorker, type EmbeddedWorker } from '../../src/db/embedded.ts'

let worker: EmbeddedWorker
let client: pg.Client

beforeAll(async () => {
  worker = await startEmbeddedWorker({ dataDir: 'memory://' }, pino({ level: 'silent' }))
  const [host, port] = worker.address.split(':')
  client = new pg.Client({ host, port: Number(port), user: 'postgres', database: 'template1' })
  await client.connect()
  await client.query('CREATE TABLE taken (id int PRIMARY KEY)')
  await client.query('INSERT INTO taken VALUES (1)')
})
afterAll(async () => {
  await client?.end()
  await worker?.close()
})

/** One extended-protocol message: type byte, length, body. */
const message = (type: string, ...body: Buffer[]) => {
  const rest = Buffer.concat(body)
  const head = Buffer.alloc(5)
  head.write(type, 0)
  head.writeInt32BE(rest.length + 4, 1)
  return Buffer.concat([head, rest])
}
const cstring = (s: string) => Buffer.from(`${s}\0`)

/** Sends `bytes` after a startup, then a fence, and counts the ReadyForQuery messages that `bytes` were answered with. */
async function readyCountAfter(bytes: Buffer): Promise<number> {
  const [host, port] = worker.address.split(':')
  const socket = net.connect(Number(port), host)
  const received: Buffer[] = []
  socket.on('data', (d) => received.push(d))
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  const params = Buffer.concat([cstring('user'), cstring('postgres'), cstring('database'), cstring('template1'), Buffer.from([0])])
  const startup = Buffer.alloc(8)
  startup.writeInt32BE(8 + params.length, 0)
  startup.writeInt32BE(196608, 4)
  const messages = () => {
    const all = Buffer.concat(received)
    const seen: { type: string; body: string }[] = []
    for (let i = 0; i + 5 <= all.length && i + 1 + all.readInt32BE(i + 1) <= all.length; i += 1 + all.readInt32BE(i + 1)) {
      seen.push({ type: String.fromCharCode(all[i]!), body: all.subarray(i + 5, i + 1 + all.readInt32BE(i + 1)).toString() })
    }
    return seen
  }
  const deadline = Date.now() + 30_000
  const until = async (done: () => boolean, what: string) => {
    while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    expect(done(), `${what}; answered: ${messages().map((m) => m.type).join(' ')}`).toBe(true)
  }
  // As a client does: the startup, and the rest once it is answered (ReadyForQuery).
  socket.write(Buffer.concat([startup, params]))
  await until(() => messages().some((m) => m.type === 'Z'), 'the startup is answered')
  // Then the messages, and a simple query as a fence: its answer (a row saying 'fence', then
  // ReadyForQuery) comes after everything the messages caused.
  socket.write(Buffer.concat([bytes, message('Q', cstring("SELECT 'fence' AS fence"))]))
  const fenceAnswered = () => {
    const seen = messages()
    const row = seen.findIndex((m) => m.type === 'D' && m.body.includes('fence'))
    return row !== -1 && seen.slice(row).some((m) => m.type === 'Z')
  }
  await until(fenceAnswered, 'the fence is answered')
  // End the session as a client does (Terminate, then close) and wait until it is closed: the embedded
  // database serves one session at a time, and the next test's startup must not meet this one.
  const closed = new Promise((resolve) => socket.once('close', resolve))
  socket.end(message('X'))
  await closed
  // Minus the startup's and the fence's.
  return messages().filter((m) => m.type === 'Z').length - 2
}

describe('the embedded database speaks the extended query protocol as PostgreSQL does', () => {
  it('answers a failed Parse and its Sync with one ReadyForQuery, not two (pglite#958)', async () => {
    const parse = message('P', cstring(''), cstring('SELECT syntax error'), Buffer.from([0, 0]))
    expect(await readyCountAfter(Buffer.concat([parse, message('S')]))).toBe(1)
  })

  it('answers a good Parse, Bind, Describe, Execute and Sync with one ReadyForQuery', async () => {
    const parse = message('P', cstring(''), cstring('SELECT 1'), Buffer.from([0, 0]))
    const bind = message('B', cstring(''), cstring(''), Buffer.from([0, 0, 0, 0, 0, 0]))
    const describe = message('D', Buffer.from('P'), cstring(''))
    const execute = message('E', cstring(''), Buffer.from([0, 0, 0, 0]))
    expect(await readyCountAfter(Buffer.concat([parse, bind, describe, execute, message('S')]))).toBe(1)
  })

  it.each([
    ['a NUL character in a parameter (refused at Bind)', 'SELECT $1::text AS v', ['a\u0000b'], '22021'],
    ['a value of the wrong type (refused at Bind)', 'SELECT $1::int AS v', ['x'], '22P02'],
    ['a unique violation (refused at Execute)', 'INSERT INTO taken VALUES ($1::int) RETURNING id AS v', ['1'], '23505'],
  ])('gives the next query on the connection its own answer after %s', async (_, sql, params, code) => {
    // pg sends the next query as soon as the failed one ends: a stray ReadyForQuery would end it empty.
    const failed = client.query(sql, params).then(
      () => null,
      (err: { code?: string }) => err.code,
    )
    const next = client.query<{ n: number }>('SELECT 42 AS n')
    expect(await failed).toBe(code)
    expect((await next).rows).toEqual([{ n: 42 }])
    expect((await client.query<{ n: number }>('SELECT 7 AS n')).rows).toEqual([{ n: 7 }])
  })
})
