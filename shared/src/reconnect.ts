/**
 * How every live page reconnects. socket.io-client retries a dropped transport by itself, but gives up
 * for good when the server refuses a handshake (its middleware answers "authentication is unavailable"
 * while the database is away) or ends a socket itself (a catch-up that failed). Pages here run
 * unattended for days — wall screens, phones left open — so they never give up: every retry, whatever
 * ended the connection, goes through one backoff, capped, and the page shows when the next try is.
 */

// shared/ is compiled without DOM or Node types; both have these timers.
declare const setTimeout: (fn: () => void, ms: number) => unknown
declare const clearTimeout: (id: unknown) => void

/** The first retry waits about this long; each next one twice as long… */
export const RECONNECT_DELAY_MIN_MS = 500
/** …up to this: a screen is live again at most this long (plus a handshake) after the server is. */
export const RECONNECT_DELAY_MAX_MS = 10_000
/**
 * The count starts over only after a connection has lasted this long: a server that accepts the
 * handshake and then ends the socket (its catch-up failed) still sees the retries slow down.
 */
export const RECONNECT_STABLE_MS = 5_000

/**
 * The wait before retry number `attempt` (1, 2, …): doubling from the minimum, spread by ±25 % so
 * that a room of screens does not come back in lockstep, and never above the cap.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = RECONNECT_DELAY_MIN_MS * 2 ** Math.min(Math.max(attempt - 1, 0), 16)
  const spread = base * (0.75 + 0.5 * random())
  return Math.round(Math.min(spread, RECONNECT_DELAY_MAX_MS))
}

/** The part of a socket.io-client `Socket` this needs (made with `reconnection: false`). */
export interface ReconnectingSocket {
  connect(): unknown
  on(event: 'connect', listener: () => void): unknown
  on(event: 'connect_error', listener: (err: Error) => void): unknown
  on(event: 'disconnect', listener: (reason: string) => void): unknown
}

/** A retry that is waiting: which one, and when it will be tried (epoch ms). */
export interface PendingRetry {
  attempt: number
  at: number
}

/**
 * Keep `socket` connected: after any failed handshake or lost connection, try again after
 * `reconnectDelay`; a connection that lasts RECONNECT_STABLE_MS resets the count. Only `stop()` (or the page's own `disconnect()`,
 * reason "io client disconnect") ends the retrying. `onRetry` hears each scheduled retry (null once
 * connected), for the page to show.
 */
export function keepConnecting(
  socket: ReconnectingSocket,
  onRetry: (pending: PendingRetry | null) => void = () => undefined,
): { stop(): void } {
  let attempt = 0
  let timer: unknown
  let stable: unknown
  let stopped = false

  const retryLater = (): void => {
    if (stopped || timer !== undefined) return
    attempt += 1
    const delay = reconnectDelay(attempt)
    timer = setTimeout(() => {
      timer = undefined
      if (!stopped) socket.connect()
    }, delay)
    onRetry({ attempt, at: Date.now() + delay })
  }

  socket.on('connect', () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    stable = setTimeout(() => (attempt = 0), RECONNECT_STABLE_MS)
    onRetry(null)
  })
  socket.on('connect_error', retryLater)
  socket.on('disconnect', (reason) => {
    if (stable !== undefined) clearTimeout(stable)
    stable = undefined
    if (reason === 'io client disconnect') stopped = true
    else retryLater()
  })
  return {
    stop() {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
      if (stable !== undefined) clearTimeout(stable)
      timer = stable = undefined
    },
  }
}
