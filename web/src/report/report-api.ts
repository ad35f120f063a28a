import {
  CitizenReportCreatedSchema,
  CitizenReportViewSchema,
  NearbyReportsSchema,
  type CitizenProblem,
  type CitizenRating,
  type CitizenReportCreated,
  type CitizenReportView,
  type NearbyReports,
} from '@citygrid/shared'
import { jsonBody, requestJson } from '../api/http.ts'

/** The citizens' report API (no login); every failure is an ApiError naming the field where the server did. */

export interface ReportDraft {
  problem: CitizenProblem
  /** WGS-84: the map and the phone's position both are. */
  lng: number
  lat: number
  description: string
  phone: string
  photos: readonly Blob[]
  /** The case already open nearby this report is added to (its case number), or none: a new case. */
  join: string | null
}

/** Send a report as the form the server reads (multipart: its photos with it). */
export function sendReport(draft: ReportDraft): Promise<CitizenReportCreated> {
  const form = new FormData()
  form.set('problem', draft.problem)
  form.set('lng', draft.lng.toFixed(6))
  form.set('lat', draft.lat.toFixed(6))
  form.set('coordSys', 'wgs84')
  if (draft.description.trim()) form.set('description', draft.description.trim())
  if (draft.phone.trim()) form.set('phone', draft.phone.trim())
  if (draft.join) form.set('join', draft.join)
  draft.photos.forEach((photo, i) => form.append('photos', photo, `photo-${i + 1}.jpg`))
  return requestJson('/api/public/reports', { method: 'POST', body: form, schema: CitizenReportCreatedSchema })
}

const reportPath = (code: string) => `/api/public/reports/${encodeURIComponent(code)}`

export function fetchReport(code: string): Promise<CitizenReportView> {
  return requestJson(reportPath(code), { schema: CitizenReportViewSchema, cache: 'no-store' })
}

export function rateReport(code: string, rating: CitizenRating): Promise<CitizenReportView> {
  return requestJson(`${reportPath(code)}/rating`, { ...jsonBody('POST', rating), schema: CitizenReportViewSchema })
}

/** Open cases of the same problem already reported near the place (nearest first), to add the report to one. */
export function fetchNearby(problem: CitizenProblem, at: { lng: number; lat: number }): Promise<NearbyReports> {
  const q = new URLSearchParams({ problem, lng: at.lng.toFixed(6), lat: at.lat.toFixed(6), coordSys: 'wgs84' })
  return requestJson(`/api/public/reports/nearby?${q}`, { schema: NearbyReportsSchema, cache: 'no-store' })
}
