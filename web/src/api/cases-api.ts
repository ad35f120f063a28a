import {
  CaseDetailSchema,
  CaseListSchema,
  CaseSummarySchema,
  type CaseActionRequest,
  type CaseCreate,
  type CaseDetail,
  type CaseList,
  type CaseMerge,
  type CaseSummary,
} from '@citygrid/shared'
import { jsonBody, requestJson } from './http.ts'

/** The case workflow: list, one case with its history and what the signed-in user may do, actions. */

/** `query`: a ready query string (see features/cases/case-filters.ts), without the `?`. */
export function fetchCases(query: string): Promise<CaseList> {
  return requestJson(`/api/cases${query ? `?${query}` : ''}`, { schema: CaseListSchema })
}

export function fetchCase(id: number): Promise<CaseDetail> {
  return requestJson(`/api/cases/${id}`, { schema: CaseDetailSchema })
}

/**
 * The request of an action: JSON, or with photos multipart/form-data carrying the same fields as text
 * and each photo under `photos` (the browser sets the content type with its boundary).
 */
export function actionInit(request: CaseActionRequest, photos: readonly File[] = []): RequestInit {
  if (photos.length === 0) return jsonBody('POST', request)
  const form = new FormData()
  for (const [key, value] of Object.entries(request)) {
    if (value !== undefined && value !== null) form.append(key, String(value))
  }
  for (const photo of photos) form.append('photos', photo, photo.name)
  return { method: 'POST', body: form }
}

/**
 * Take a workflow action, with photos or none (after-photos with feedback, before-photos otherwise);
 * the answer is the case after it. 400/403/409 arrive as ApiErrors; a refused photo as detail `photos.N`.
 */
export function actOnCase(id: number, request: CaseActionRequest, photos: readonly File[] = []): Promise<CaseDetail> {
  return requestJson(`/api/cases/${id}/actions`, { ...actionInit(request, photos), schema: CaseDetailSchema })
}

/**
 * Report a case: JSON, or with photos of the scene multipart/form-data carrying the same fields as text
 * (the location as GeoJSON text). A refused field arrives as an ApiError detail, a refused photo as `photos.N`.
 */
export function reportCase(request: CaseCreate, photos: readonly File[] = []): Promise<CaseSummary> {
  let init: RequestInit = jsonBody('POST', request)
  if (photos.length) {
    const form = new FormData()
    for (const [key, value] of Object.entries(request)) {
      if (value !== undefined) form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value))
    }
    for (const photo of photos) form.append('photos', photo, photo.name)
    init = { method: 'POST', body: form }
  }
  return requestJson('/api/cases', { ...init, schema: CaseSummarySchema })
}

/** Merge case `id` into another (`into`: its id or case number); the answer is the case merged into. */
export function mergeCase(id: number, body: CaseMerge): Promise<CaseDetail> {
  return requestJson(`/api/cases/${id}/merge`, { ...jsonBody('POST', body), schema: CaseDetailSchema })
}

/** Split citizens' reports (their ids) out of case `id` into a new case; the answer is the new case. */
export function splitCase(id: number, reports: readonly number[]): Promise<CaseDetail> {
  return requestJson(`/api/cases/${id}/split`, { ...jsonBody('POST', { reports }), schema: CaseDetailSchema })
}
