import {
  CaseDetailSchema,
  ComplaintFiguresSchema,
  ComplaintListSchema,
  type CaseDetail,
  type ComplaintCreate,
  type ComplaintFigures,
  type ComplaintFollowUp,
  type ComplaintList,
  type ComplaintReply,
} from '@citygrid/shared'
import { jsonBody, requestJson } from '../../api/http.ts'

/** Complaints (`/api/complaints`, `/api/kpis/complaints`): intake, list, reply, 回访, figures. */

export function fileComplaint(body: ComplaintCreate): Promise<CaseDetail> {
  return requestJson('/api/complaints', { ...jsonBody('POST', body), schema: CaseDetailSchema })
}

/** `query`: a ready query string without the `?`. */
export function fetchComplaints(query: string): Promise<ComplaintList> {
  return requestJson(`/api/complaints${query ? `?${query}` : ''}`, { schema: ComplaintListSchema })
}

export function replyToComplaint(caseId: number, body: ComplaintReply): Promise<CaseDetail> {
  return requestJson(`/api/complaints/${caseId}/reply`, { ...jsonBody('POST', body), schema: CaseDetailSchema })
}

export function followUpComplaint(caseId: number, body: ComplaintFollowUp): Promise<CaseDetail> {
  return requestJson(`/api/complaints/${caseId}/follow-up`, { ...jsonBody('POST', body), schema: CaseDetailSchema })
}

/** `query`: from/to (and town/bbox) without the `?`. */
export function fetchComplaintFigures(query: string): Promise<ComplaintFigures> {
  return requestJson(`/api/kpis/complaints?${query}`, { schema: ComplaintFiguresSchema })
}
