/**
 * The floor under `GET /api/public/parking/nearest`: a plain node:http server that runs the same SQL
 * through a pg pool and answers its rows as JSON — no framework, middleware, validation or headers.
 * Run as its own process, like citygrid. DATABASE_URL, PORT.
 */
import http from 'node:http'
import pg from 'pg'
import { localMinuteOf } from '../shared/src/index.ts'
import { NEAREST_FREE_SQL } from '../server/src/public/public-parking.repository.ts'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 })
const server = http.createServer((req, res) => {
  const q = new URL(req.url ?? '/', 'http://localhost').searchParams
  pool.query(NEAREST_FREE_SQL, [Number(q.get('lng')), Number(q.get('lat')), localMinuteOf(new Date()), Number(q.get('limit') ?? 5), 0]).then(
    (r) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ lots: r.rows })),
    (err: Error) => res.writeHead(500).end(err.message),
  )
})
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'))
