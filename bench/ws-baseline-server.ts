/**
 * The raw baseline: a plain `ws` server that broadcasts every POSTed body to all its clients —
 * no database, no auth, no outbox. Run as its own process, like the citygrid servers.
 */
import http from 'node:http'
import { WebSocketServer } from 'ws'

const port = Number(process.env.PORT)
const server = http.createServer((req, res) => {
  let body = ''
  req.on('data', (d: Buffer) => (body += d.toString()))
  req.on('end', () => {
    for (const client of wss.clients) client.send(body)
    res.writeHead(201).end()
  })
})
const wss = new WebSocketServer({ server })
server.listen(port, '127.0.0.1', () => console.log('ready'))
