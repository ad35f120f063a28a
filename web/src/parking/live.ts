import {
  issuesText,
  keepConnecting,
  PUBLIC_PARKING_NAMESPACE,
  PublicLotsMessageSchema,
  type PublicLotCounts,
  type PublicParkingServerEvents,
} from '@citygrid/shared'
import { io, type Socket } from 'socket.io-client'
import { reloadOnNewBuild } from '../realtime/build-reload.ts'

export type LiveState = 'connecting' | 'live' | 'offline'

/**
 * The public live channel (lot counts only). `onConnect` runs on every (re)connection after the first,
 * so the page can fetch a fresh snapshot for what it missed while away. A message that does not match
 * the contract is reported, not applied. Retries never stop while the page is open (shared
 * `keepConnecting`, at most 10 s apart); `onRetry` says when the next one is due.
 */
export function connectPublicLive(handlers: {
  onLots: (lots: PublicLotCounts[]) => void
  onState: (state: LiveState) => void
  onReconnect: () => void
  onBadMessage: (reason: string) => void
  onRetry: (at: number | null) => void
}): () => void {
  const socket: Socket<PublicParkingServerEvents> = io(PUBLIC_PARKING_NAMESPACE, { reconnection: false })
  const retrying = keepConnecting(socket, (pending) => handlers.onRetry(pending?.at ?? null))
  reloadOnNewBuild(socket) // after a deploy, the page reloads at a quiet moment
  let connectedBefore = false
  let failures = 0
  socket.on('connect', () => {
    failures = 0
    handlers.onState('live')
    if (connectedBefore) handlers.onReconnect()
    connectedBefore = true
  })
  socket.on('disconnect', () => handlers.onState('offline'))
  // The first try may just be slow; after a second failure the page says the figures are not live.
  socket.on('connect_error', () => handlers.onState(connectedBefore || ++failures >= 2 ? 'offline' : 'connecting'))
  socket.on('lots', (message) => {
    const parsed = PublicLotsMessageSchema.safeParse(message)
    if (parsed.success) handlers.onLots(parsed.data.lots)
    else handlers.onBadMessage(issuesText(parsed.error.issues))
  })
  return () => {
    retrying.stop()
    socket.close()
  }
}
