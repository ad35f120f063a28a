import os from 'node:os'
import { Worker } from 'node:worker_threads'
import type { ScryptOptions } from 'node:crypto'

/** To the thread: one scrypt derivation. */
interface ScryptJob {
  id: number
  password: string
  salt: Uint8Array
  keyLength: number
  options: ScryptOptions
}
/** From the thread (scrypt.worker.mjs): started (its nice value, or why it has none), a key, or an error. */
type ScryptThreadMessage =
  | { type: 'ready'; nice: number | null; why?: string }
  | { type: 'key'; id: number; key: Uint8Array }
  | { type: 'error'; id: number; message: string }

interface Thread {
  worker: Worker
  busy: boolean
}
interface Waiting {
  job: Omit<ScryptJob, 'id'>
  resolve: (key: Buffer) => void
  reject: (err: Error) => void
}

/**
 * scrypt on threads of the lowest priority (scrypt.worker.mjs), one derivation per thread at a time,
 * at most one thread per core, each started when first needed (an idle one keeps no process alive).
 * How many sign-ins hash at once is the HashBudget's decision; this decides where the work runs: on
 * CPU that the API, the sockets and the database do not want.
 */
class ScryptThreads {
  private readonly threads: Thread[] = []
  private readonly waiting: Waiting[] = []
  private readonly pending = new Map<number, { thread: Thread; resolve: (key: Buffer) => void; reject: (err: Error) => void }>()
  private nextId = 1
  /** The nice value the first thread reported (null: not lowered, `why` says why). */
  priority: Promise<{ nice: number | null; why?: string }> | null = null

  constructor(private readonly max = os.availableParallelism()) {}

  derive(password: string, salt: Uint8Array, keyLength: number, options: ScryptOptions): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ job: { password, salt, keyLength, options }, resolve, reject })
      this.pump()
    })
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      const thread = this.threads.find((t) => !t.busy) ?? (this.threads.length < this.max ? this.start() : null)
      if (!thread) return
      const { job, resolve, reject } = this.waiting.shift()!
      const id = this.nextId++
      thread.busy = true
      thread.worker.ref()
      this.pending.set(id, { thread, resolve, reject })
      thread.worker.postMessage({ id, ...job } satisfies ScryptJob)
    }
  }

  private start(): Thread {
    const worker = new Worker(new URL('./scrypt.worker.mjs', import.meta.url))
    const thread: Thread = { worker, busy: false }
    this.threads.push(thread)
    const ready = new Promise<{ nice: number | null; why?: string }>((resolve) => {
      worker.on('message', (m: ScryptThreadMessage) => {
        if (m.type === 'ready') return resolve({ nice: m.nice, ...(m.why ? { why: m.why } : {}) })
        const job = this.pending.get(m.id)
        if (!job) return
        this.pending.delete(m.id)
        this.idle(thread)
        if (m.type === 'key') job.resolve(Buffer.from(m.key))
        else job.reject(new Error(`password hashing failed: ${m.message}`))
      })
    })
    this.priority ??= ready
    // A thread that fails takes its job with it (the sign-in answers 500 and is logged); the next
    // job starts a new thread.
    const gone = (err: Error) => {
      const at = this.threads.indexOf(thread)
      if (at === -1) return
      this.threads.splice(at, 1)
      for (const [id, job] of this.pending) {
        if (job.thread !== thread) continue
        this.pending.delete(id)
        job.reject(err)
      }
      this.pump()
    }
    worker.on('error', gone)
    worker.on('exit', (code) => gone(new Error(`password hashing thread exited (${code})`)))
    return thread
  }

  private idle(thread: Thread): void {
    thread.busy = false
    // An idle thread does not keep the process alive.
    thread.worker.unref()
    this.pump()
  }
}

export const scryptThreads = new ScryptThreads()
