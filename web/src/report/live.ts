import { CitizenReportViewSchema, issuesText, PUBLIC_REPORT_NAMESPACE, type CitizenReportView, type PublicReportServerEvents } from '@citygrid/shared'
import { io, type Socket } from 'socket.io-client'
import { keepLive, type LiveChannelHandlers } from '../public-page/live-channel.ts'

/**
 * One report's live channel: the server sends the report's view on connecting and after every change
 * of its case (so a reconnection brings the page up to date by itself). A view that does not match the
 * contract is reported, not shown.
 */
export function connectReportLive(
  code: string,
  handlers: Omit<LiveChannelHandlers, 'onReconnect'> & { onReport: (view: CitizenReportView) => void; onBadMessage: (reason: string) => void },
): () => void {
  const socket: Socket<PublicReportServerEvents> = io(PUBLIC_REPORT_NAMESPACE, { reconnection: false, auth: { code } })
  const close = keepLive(socket, { ...handlers, onReconnect: () => undefined })
  socket.on('report', (message) => {
    const parsed = CitizenReportViewSchema.safeParse(message)
    if (parsed.success) handlers.onReport(parsed.data)
    else handlers.onBadMessage(issuesText(parsed.error.issues))
  })
  return close
}
