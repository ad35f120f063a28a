import {
  PUBLIC_REPORT_NAMESPACE,
  PublicReportHandshakeSchema,
  type OutboxEvent,
  type PublicReportServerEvents,
} from '@citygrid/shared'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { Namespace, Socket } from 'socket.io'
import { tokenHash } from '../auth/secrets.ts'
import type { CitygridServer } from '../realtime/socket.ts'
import { findCitizenReport } from './citizen-reports.repository.ts'
import { followReport } from './citizen-reports.service.ts'

/** The cases a batch of outbox events created or changed. */
export function casesTouched(events: readonly OutboxEvent[]): number[] {
  const ids = new Set<number>()
  for (const e of events) if (e.type === 'case.created' || e.type === 'case.updated') ids.add(e.payload.id)
  return [...ids]
}

interface ReportSocketData {
  code: string
  /** A view is being read for this socket; `again`: its case changed meanwhile, read once more after. */
  reading: boolean
  again: boolean
}
type ReportSocket = Socket<Record<string, never>, PublicReportServerEvents, Record<string, never>, ReportSocketData>

const caseRoom = (caseId: number) => `case:${caseId}`

/**
 * A citizen's live view of one report: a socket connects with its tracking code and gets the report's
 * public view at once and after every change of its case (read back as committed, as the page reads
 * it). A code that names no report is refused at the handshake. Each process sends to its own sockets:
 * every process runs its own pump.
 */
export function openPublicReportChannel(io: CitygridServer, pool: pg.Pool, log: Logger) {
  const ns = io.of(PUBLIC_REPORT_NAMESPACE) as unknown as Namespace<
    Record<string, never>,
    PublicReportServerEvents,
    Record<string, never>,
    ReportSocketData
  >

  // One read at a time per socket, and at most one more after it however often the case changes
  // meanwhile: views arrive in order, and a slow database does not queue up reads.
  const send = (socket: ReportSocket): void => {
    if (socket.data.reading) {
      socket.data.again = true
      return
    }
    socket.data.reading = true
    followReport(pool, socket.data.code)
      .then(({ view, caseId }) => {
        socket.emit('report', view)
        // Merged or split out: from now on the report follows the case it is on — read once more after
        // joining its room, for a change of that case committed before the join.
        if (!socket.rooms.has(caseRoom(caseId))) {
          for (const room of socket.rooms) if (room.startsWith('case:')) void socket.leave(room)
          void socket.join(caseRoom(caseId))
          socket.data.again = true
        }
      })
      .catch((err: unknown) => {
        // Not lost: the page reads the report again when it reconnects.
        log.warn({ err }, 'a report view could not be read for its live channel; disconnecting it')
        socket.disconnect()
      })
      .finally(() => {
        socket.data.reading = false
        if (socket.data.again && socket.connected) {
          socket.data.again = false
          send(socket)
        }
      })
  }

  ns.use((socket, next) => {
    const auth = PublicReportHandshakeSchema.safeParse(socket.handshake.auth ?? {})
    if (!auth.success) return next(new Error('a tracking code is required: auth {code}'))
    findCitizenReport(pool, tokenHash(auth.data.code)).then(
      (report) => {
        if (!report) return next(new Error('no report has this tracking code'))
        socket.data = { code: auth.data.code, reading: false, again: false }
        void socket.join(caseRoom(report.caseId))
        next()
      },
      (err: unknown) => {
        log.error({ err }, 'report channel handshake failed')
        next(new Error('reports are unavailable; try again shortly'))
      },
    )
  })
  ns.on('connection', (socket) => send(socket))

  return {
    /** The cases these are changed: their watchers get the report as it is now. */
    changed(caseIds: readonly number[]): void {
      for (const id of caseIds) {
        for (const socketId of ns.adapter.rooms.get(caseRoom(id)) ?? []) {
          const socket = ns.sockets.get(socketId)
          if (socket) send(socket)
        }
      }
    },
  }
}
