import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { waitFor } from '../socket-client.ts'

const serverDir = path.resolve(import.meta.dirname, '../..')

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/**
 * `pnpm start` as a real child process on a system database (demo city, no live feed), with its
 * output kept for failure messages. Resolves once /api/health answers 200.
 */
export class ServerProcess {
  readonly logs: string[] = []
  readonly url: string
  private child: ChildProcess | null = null

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`
  }

  async start(timeoutMs = 90_000): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: serverDir,
      env: { ...process.env, DEMO: 'true', LIVE_FEED: 'false', PORT: String(this.port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', (d: Buffer) => this.logs.push(`[${this.name}] ${d.toString()}`))
    child.stderr!.on('data', (d: Buffer) => this.logs.push(`[${this.name}] ${d.toString()}`))
    this.child = child
    let healthy = false
    const poll = async () => {
      while (!healthy && child.exitCode === null) {
        healthy = await fetch(`${this.url}/api/health`).then((r) => r.ok, () => false)
        if (!healthy) await new Promise((r) => setTimeout(r, 200))
      }
    }
    void poll()
    await waitFor(() => healthy || child.exitCode !== null, timeoutMs, `${this.name} to start`).catch((e: Error) => {
      throw new Error(`${e.message}\n${this.logs.join('')}`)
    })
    if (!healthy) throw new Error(`${this.name} exited with ${child.exitCode}\n${this.logs.join('')}`)
  }

  /** Still running (not crashed, not exited). */
  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null
  }

  kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child
    if (!child || !this.alive) return Promise.resolve()
    return new Promise((resolve) => {
      child.once('exit', () => resolve())
      child.kill(signal)
    })
  }
}
