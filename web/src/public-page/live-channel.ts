import { keepConnecting } from '@citygrid/shared'
import type { Socket } from 'socket.io-client'
import { reloadOnNewBuild } from '../realtime/build-reload.ts'

export type LiveState = 'connecting' | 'live' | 'offline'

export interface LiveChannelHandlers {
  onState: (state: LiveState) => void
  /** Every (re)connection after the first: fetch what was missed while away. */
  onReconnect: () => void
  /** When the next retry is due (null once connected), for the page to show. */
  onRetry: (at: number | null) => void
}

/**
 * A citizens' page's live channel (its socket made with `reconnection: false`): retries never stop while
 * the page is open (shared `keepConnecting`, at most 10 s apart), the page reloads after a deploy at a
 * quiet moment, and its state is told — connecting, live, or offline after a second failure (the first
 * try may just be slow). Answers the function that closes it.
 */
export function keepLive(socket: Socket, handlers: LiveChannelHandlers): () => void {
  const retrying = keepConnecting(socket, (pending) => handlers.onRetry(pending?.at ?? null))
  reloadOnNewBuild(socket)
  let connectedBefore = false
  let failures = 0
  socket.on('connect', () => {
    failures = 0
    handlers.onState('live')
    if (connectedBefore) handlers.onReconnect()
    connectedBefore = true
  })
  socket.on('disconnect', () => handlers.onState('offline'))
  socket.on('connect_error', () => handlers.onState(connectedBefore || ++failures >= 2 ? 'offline' : 'connecting'))
  return () => {
    retrying.stop()
    socket.close()
  }
}
