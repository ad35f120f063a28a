import { CaseDetailSchema, CaseListSchema, type CaseActionRequest, type CaseDetail, type CaseList } from '@citygrid/shared'
import { jsonBody, requestJson } from './http.ts'

/** The case workflow: list, one case with its history and what the signed-in user may do, actions. */

/** `query`: a ready query string (see features/cases/case-filters.ts), without the `?`. */
export function fetchCases(query: string): Promise<CaseList> {
  return requestJson(`/api/cases${query ? `?${query}` : ''}`, { schema: CaseListSchema })
}

export function fetchCase(id: number): Promise<CaseDetail> {
  return requestJson(`/api/incidents/${id}`, { schema: CaseDetailSchema })
}

/** Take a workflow action; the answer is the case after it. 400/403/409 arrive as ApiErrors. */
export function actOnCase(id: number, request: CaseActionRequest): Promise<CaseDetail> {
  return requestJson(`/api/incidents/${id}/actions`, { ...jsonBody('POST', request), schema: CaseDetailSchema })
}
