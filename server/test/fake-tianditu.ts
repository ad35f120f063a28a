import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { PNG_1X1 } from './platform.ts'

/** A Tianditu key for tests (the format TIANDITU_KEY accepts), to look for in every answer and log. */
export const TEST_TIANDITU_KEY = 'f00dfeed0123456789abcdef76543210'

/**
 * A stand-in for Tianditu's tile servers on 127.0.0.1: records each request's path and query and
 * answers a 1×1 PNG, or what `answer` says instead. `template` is a TIANDITU_UPSTREAM pointing here.
 */
export interface FakeTianditu {
  template: string
  requests: URL[]
  /** What the next requests get: a tile, an error status, a non-image, or no answer at all. */
  answer: 'tile' | 'error' | 'xml' | 'hang'
  close(): Promise<void>
}

export async function startFakeTianditu(): Promise<FakeTianditu> {
  const requests: URL[] = []
  const hanging = new Set<http.ServerResponse>()
  const fake: FakeTianditu = {
    template: '',
    requests,
    answer: 'tile',
    async close() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  const server = http.createServer((req, res) => {
    requests.push(new URL(req.url ?? '/', 'http://127.0.0.1'))
    switch (fake.answer) {
      case 'tile':
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG_1X1.length })
        return res.end(PNG_1X1)
      case 'error':
        res.writeHead(503, { 'content-type': 'text/plain' })
        return res.end('busy')
      case 'xml':
        res.writeHead(200, { 'content-type': 'text/xml' })
        return res.end('<ExceptionReport>invalid key</ExceptionReport>')
      case 'hang':
        hanging.add(res)
        return
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  fake.template = `http://127.0.0.1:${port}/{layer}/{z}/{x}/{y}?layer={type}&s={s}&tk={key}`
  return fake
}
