import { io, type Socket } from 'socket.io-client'
import { keepConnecting, type ClientToServerEvents, type OutboxEvent, type ServerToClientEvents, type SubscriptionRequest } from '@citygrid/shared'
import { WAIT_MS } from './wait.ts'

/**
 * A socket.io client that records every event it receives and resumes from the last one seen. It
 * reconnects as the web pages do (shared `keepConnecting`): after any failure, refused handshakes and
 * server-side disconnects included.
 */
export class RecordingClient {
  readonly received: OutboxEvent[] = []
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>
  private readyCount = 0
  readonly connectErrors: string[] = []
  readonly disconnects: string[] = []
  private readonly retrying: { stop(): void }

  constructor(url: string, since: number | undefined, cookie?: string, subscription?: SubscriptionRequest) {
    let lastSeen = since
    this.socket = io(url, {
      transports: ['websocket'],
      ...(cookie ? { extraHeaders: { cookie } } : {}),
      reconnection: false,
      auth: (cb) => cb({ ...(lastSeen === undefined ? {} : { since: lastSeen }), ...(subscription ? { subscription } : {}) }),
    })
    this.retrying = keepConnecting(this.socket)
    this.socket.on('event', (e) => {
      this.received.push(e)
      lastSeen = e.id
    })
    this.socket.on('ready', () => this.readyCount++)
    this.socket.on('disconnect', (reason) => {
      this.disconnects.push(reason)
    })
    this.socket.on('connect_error', (err) => {
      this.connectErrors.push(err.message)
    })
  }

  ids(): number[] {
    return this.received.map((e) => e.id)
  }

  /** Resolves once the server has finished this connection's catch-up (`ready`) `n` times. */
  async ready(n = 1, timeoutMs = WAIT_MS): Promise<void> {
    await waitFor(() => this.readyCount >= n, timeoutMs, `ready #${n}`)
  }

  close(): void {
    this.retrying.stop()
    this.socket.close()
  }
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
