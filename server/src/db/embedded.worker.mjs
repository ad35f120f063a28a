/**
 * The embedded database's own thread: PGlite + PostGIS, and pglite-socket serving it on a loopback
 * port. PGlite is WebAssembly that runs each statement to its end without yielding: on the main thread
 * one long query froze the whole process — HTTP, sockets, timers. Here it holds up only the database's
 * one session, and the server's thread keeps answering.
 *
 * Plain JavaScript: a worker's entry is loaded by Node itself, without the TypeScript loader the server
 * runs under. Its messages are typed in embedded.ts (`EmbeddedWorkerMessage`, `EmbeddedWorkerCommand`).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { withSyncOnlyReady } from './sync-only-ready.mjs'

const port = parentPort
/** @type {{ dataDir: string, loadDataDir?: ArrayBuffer }} */
const { dataDir, loadDataDir } = workerData
const send = (message, transfer = []) => port.postMessage(message, transfer)
const failed = (err) => send({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) })

try {
  const db = await PGlite.create(dataDir, {
    extensions: { postgis },
    ...(loadDataDir ? { loadDataDir: new Blob([loadDataDir]) } : {}),
  })
  const server = new PGLiteSocketServer({ db: withSyncOnlyReady(db), host: '127.0.0.1', port: 0, maxConnections: 2 })
  await server.start()
  port.on('message', (command) => {
    const done =
      command.type === 'dump'
        ? db
            .dumpDataDir('gzip')
            .then((blob) => blob.arrayBuffer())
            .then((data) => send({ type: 'dump', data }, [data]))
        : server
            .stop()
            .then(() => db.close())
            .then(() => send({ type: 'closed' }))
    done.catch(failed)
  })
  send({ type: 'ready', address: server.getServerConn() })
} catch (err) {
  failed(err)
}
