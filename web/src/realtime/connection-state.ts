export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline'

export type ConnectionSignal =
  | { type: 'connect' }
  | { type: 'disconnect'; willRetry: boolean }
  | { type: 'connect_error'; willRetry: boolean; consecutiveFailures: number }

/** After this many failed attempts in a row the server counts as unreachable (socket.io keeps retrying). */
export const OFFLINE_AFTER_FAILURES = 3

/** What the connection indicator shows after a socket signal. */
export function nextConnectionState(current: ConnectionState, signal: ConnectionSignal): ConnectionState {
  switch (signal.type) {
    case 'connect':
      return 'connected'
    case 'disconnect':
      return signal.willRetry ? 'reconnecting' : 'offline'
    case 'connect_error':
      if (!signal.willRetry || signal.consecutiveFailures >= OFFLINE_AFTER_FAILURES) return 'offline'
      return current === 'connecting' ? 'connecting' : 'reconnecting'
  }
}
