import { issuesText, PUBLIC_PARKING_NAMESPACE, PublicLotsMessageSchema, type PublicLotCounts, type PublicParkingServerEvents } from '@citygrid/shared'
import { io, type Socket } from 'socket.io-client'
import { keepLive, type LiveChannelHandlers } from '../public-page/live-channel.ts'

export type { LiveState } from '../public-page/live-channel.ts'

/**
 * The public live channel (lot counts only). A message that does not match the contract is reported,
 * not applied; connecting, retrying and reloading after a deploy as every citizens' page (keepLive).
 */
export function connectPublicLive(
  handlers: LiveChannelHandlers & { onLots: (lots: PublicLotCounts[]) => void; onBadMessage: (reason: string) => void },
): () => void {
  const socket: Socket<PublicParkingServerEvents> = io(PUBLIC_PARKING_NAMESPACE, { reconnection: false })
  const close = keepLive(socket, handlers)
  socket.on('lots', (message) => {
    const parsed = PublicLotsMessageSchema.safeParse(message)
    if (parsed.success) handlers.onLots(parsed.data.lots)
    else handlers.onBadMessage(issuesText(parsed.error.issues))
  })
  return close
}
