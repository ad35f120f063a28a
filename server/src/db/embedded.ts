import { Worker } from 'node:worker_threads'
import type { Logger } from 'pino'

/** What the worker (embedded.worker.mjs) is started with. */
interface EmbeddedWorkerData {
  dataDir: string
  /** A tarball from `dumpDataDir()` to start from. */
  loadDataDir?: ArrayBuffer
}
/** From the worker: started (its loopback address), a dump, closed, or failed. */
type EmbeddedWorkerMessage =
  | { type: 'ready'; address: string }
  | { type: 'dump'; data: ArrayBuffer }
  | { type: 'closed' }
  | { type: 'failed'; message: string }
type EmbeddedWorkerCommand = { type: 'dump' } | { type: 'close' }

export interface EmbeddedWorker {
  /** host:port of the pglite-socket server in the worker. */
  address: string
  dump(): Promise<ArrayBuffer>
  close(): Promise<void>
}

/** Start PGlite in a worker thread (embedded.worker.mjs) and wait until it serves. */
export async function startEmbeddedWorker(opts: { dataDir: string; loadDataDir?: Blob }, log: Logger): Promise<EmbeddedWorker> {
  const data: EmbeddedWorkerData = { dataDir: opts.dataDir, ...(opts.loadDataDir ? { loadDataDir: await opts.loadDataDir.arrayBuffer() } : {}) }
  const worker = new Worker(new URL('./embedded.worker.mjs', import.meta.url), {
    workerData: data,
    transferList: data.loadDataDir ? [data.loadDataDir] : [],
  })
  let closing = false
  let exited: number | null = null
  const next = <T extends EmbeddedWorkerMessage['type']>(type: T): Promise<Extract<EmbeddedWorkerMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      if (exited !== null) return reject(new Error(`embedded database thread has exited (${exited})`))
      const onMessage = (m: EmbeddedWorkerMessage) => {
        if (m.type !== type && m.type !== 'failed') return
        off()
        if (m.type === 'failed') reject(new Error(`embedded database: ${m.message}`))
        else resolve(m as Extract<EmbeddedWorkerMessage, { type: T }>)
      }
      const onExit = (code: number) => {
        off()
        reject(new Error(`embedded database thread exited (${code})`))
      }
      const off = () => {
        worker.off('message', onMessage)
        worker.off('exit', onExit)
      }
      worker.on('message', onMessage)
      worker.on('exit', onExit)
    })
  worker.on('error', (err) => log.error({ err }, 'embedded database thread failed'))
  worker.on('exit', (code) => {
    exited = code
    // The process stays up and says so: queries fail as with a database that went away (503,
    // /api/health "database_unreachable"), so a supervisor can restart it.
    if (!closing) log.fatal({ code }, 'embedded database thread exited: the database is gone until the process restarts')
  })
  const { address } = await next('ready')
  const send = (command: EmbeddedWorkerCommand) => worker.postMessage(command)
  return {
    address,
    async dump() {
      const reply = next('dump')
      send({ type: 'dump' })
      return (await reply).data
    },
    async close() {
      closing = true
      if (exited !== null) return
      const closed = next('closed')
      send({ type: 'close' })
      await closed
      await worker.terminate()
    },
  }
}
