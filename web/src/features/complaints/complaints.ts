import {
  COMPLAINT_ROLES,
  COMPLAINT_READERS,
  type CaseComplaint,
  type ComplaintChannel,
  type ComplaintCreate,
  type EventClassCode,
} from '@citygrid/shared'
import type { Audience } from '../../session/access.ts'

/** The logic of the complaint pages (intake, list, the complaint part of a case), apart from their templates. */

/** Where a complaint's reply stands: on time, late, not yet (pending, or overdue past its due time). */
export type ReplyState = 'onTime' | 'late' | 'pending' | 'overdue'

export function replyState(c: Pick<CaseComplaint, 'reply' | 'replyDueAt'>, now: Date): ReplyState {
  if (c.reply) return c.reply.onTime ? 'onTime' : 'late'
  return Date.parse(c.replyDueAt) < now.getTime() ? 'overdue' : 'pending'
}

/** The next step of a complaint that `audience` may record: the reply, then 回访, then none. */
export function nextComplaintStep(c: Pick<CaseComplaint, 'reply' | 'followUp'>, audience: Audience | null): 'reply' | 'followUp' | null {
  if (!audience || audience === 'display' || !COMPLAINT_ROLES.includes(audience)) return null
  if (!c.reply) return 'reply'
  return c.followUp ? null : 'followUp'
}

export const canTakeComplaints = (audience: Audience | null): boolean => audience !== null && audience !== 'display' && COMPLAINT_ROLES.includes(audience)
export const canListComplaints = (audience: Audience | null): boolean => audience !== null && audience !== 'display' && COMPLAINT_READERS.includes(audience)

/** The intake form's fields, as typed. */
export interface IntakeForm {
  channel: ComplaintChannel
  name: string
  phone: string
  contactAddress: string
  classCode: EventClassCode | ''
  title: string
  description: string
  /** Longitude and latitude as typed (WGS-84). */
  lng: string
  lat: string
  address: string
  /** `datetime-local` text in county time, or empty for now. */
  receivedAt: string
}

/** The county seat, where the intake form's place starts. */
export const COUNTY_SEAT: readonly [number, number] = [106.839, 32.356]

export function emptyIntake(): IntakeForm {
  return {
    channel: '12345',
    name: '',
    phone: '',
    contactAddress: '',
    classCode: '',
    title: '',
    description: '',
    lng: String(COUNTY_SEAT[0]),
    lat: String(COUNTY_SEAT[1]),
    address: '',
    receivedAt: '',
  }
}

/** A `datetime-local` value (county time, UTC+8) as an ISO instant with its offset. */
export const countyLocalToIso = (local: string): string => `${local.length === 16 ? `${local}:00` : local}+08:00`

/**
 * The body of `POST /api/complaints` from the form — or, for what the form can tell before sending, the
 * fields it refuses (the server checks everything again and names its own reasons).
 */
export function intakeBody(f: IntakeForm): { body: ComplaintCreate } | { refused: Record<string, string> } {
  const refused: Record<string, string> = {}
  const lng = Number(f.lng)
  const lat = Number(f.lat)
  if (!f.name.trim()) refused.name = 'required'
  if (!f.phone.trim()) refused.phone = 'required'
  if (!f.classCode) refused.classCode = 'required'
  if (!f.title.trim()) refused.title = 'required'
  if (!f.lng.trim() || !Number.isFinite(lng) || lng < -180 || lng > 180) refused.lng = 'invalid'
  if (!f.lat.trim() || !Number.isFinite(lat) || lat < -90 || lat > 90) refused.lat = 'invalid'
  if (Object.keys(refused).length || !f.classCode) return { refused }
  const address = f.contactAddress.trim()
  return {
    body: {
      channel: f.channel,
      contact: { name: f.name.trim(), phone: f.phone.trim(), ...(address ? { address } : {}) },
      classCode: f.classCode,
      title: f.title.trim(),
      description: f.description.trim(),
      location: { type: 'Point', coordinates: [lng, lat] },
      ...(f.address.trim() ? { address: f.address.trim() } : {}),
      ...(f.receivedAt ? { receivedAt: countyLocalToIso(f.receivedAt) } : {}),
    },
  }
}

/** The list's query string from its filters (empty ones left out). */
export function complaintQuery(f: { channel: string; reply: string; from: string; to: string }, limit = 100): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v)
  q.set('limit', String(limit))
  return q.toString()
}
