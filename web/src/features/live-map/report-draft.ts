import { REPORT_SOURCES, type CaseCreate, type CaseSource, type EventClassCode, type Role } from '@citygrid/shared'

/** What the report form holds while it is being filled in. */
export interface ReportDraft {
  classCode: EventClassCode | ''
  title: string
  description: string
  address: string
  source: CaseSource | ''
  /** Picked on the map or from the device's position (WGS-84). */
  location: [number, number] | null
}

export const EMPTY_REPORT: Readonly<ReportDraft> = Object.freeze({
  classCode: '',
  title: '',
  description: '',
  address: '',
  source: '',
  location: null,
})

export type ReportField = 'classCode' | 'title' | 'location' | 'source'

/** The sources a role may report as (shared REPORT_SOURCES, as the server checks): offered, the first chosen. */
export function sourcesOf(role: Role | null): readonly CaseSource[] {
  return role ? REPORT_SOURCES[role] : []
}

/** The request for a draft, or which fields still need something (as keys of the form's messages). */
export function buildReport(
  draft: ReportDraft,
  role: Role | null,
): { ok: true; request: CaseCreate } | { ok: false; problems: Partial<Record<ReportField, 'required' | 'notYours'>> } {
  const problems: Partial<Record<ReportField, 'required' | 'notYours'>> = {}
  if (!draft.classCode) problems.classCode = 'required'
  if (!draft.title.trim()) problems.title = 'required'
  if (!draft.location) problems.location = 'required'
  const sources = sourcesOf(role)
  if (draft.source && !sources.includes(draft.source)) problems.source = 'notYours'
  if (!draft.classCode || !draft.location || Object.keys(problems).length) return { ok: false, problems }
  return {
    ok: true,
    request: {
      classCode: draft.classCode,
      title: draft.title.trim(),
      description: draft.description.trim(),
      location: { type: 'Point', coordinates: draft.location },
      ...(draft.source ? { source: draft.source } : {}),
      ...(draft.address.trim() ? { address: draft.address.trim() } : {}),
    },
  }
}
