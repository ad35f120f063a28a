import { EVENT_CLASS_CODES, type EventClassCode } from './classes.ts'
import type { CaseSource } from './enums.ts'
import type { Label } from './i18n.ts'

/**
 * Which cases the public may see (Open311's requests and updates, and any later public output): one
 * rule, read by every such output — the server passes these lists to its queries, never a copy.
 *
 * Every event class today is a street problem anyone can see from the pavement, so all are public.
 * Not public: sensor alarms (a site's own readings, source `sensor`) and complaints (投诉举报信访, source
 * `complaint`: a complainant's matter, with a contact). A hook for what is not built yet: enforcement
 * records (执法记录) — when they come, as a class or a source of their own, leave them out here
 * (NON_PUBLIC_CASE_SOURCES, or out of PUBLIC_EVENT_CLASSES), and every public output drops them at once.
 */
export const PUBLIC_EVENT_CLASSES: readonly EventClassCode[] = EVENT_CLASS_CODES
export const NON_PUBLIC_CASE_SOURCES: readonly CaseSource[] = ['sensor', 'complaint']

export function isPublicClass(code: string): code is EventClassCode {
  return (PUBLIC_EVENT_CLASSES as readonly string[]).includes(code)
}

/** Whether a case of this class from this source is public. */
export function isPublicCase(c: { classCode: string; source: CaseSource }): boolean {
  return isPublicClass(c.classCode) && !NON_PUBLIC_CASE_SOURCES.includes(c.source)
}

/**
 * What the public sees of a case merged into another (cases.merged_into) instead of 不予立案: where it
 * went. One label for every public output (Open311's status_notes and updates, a citizen's page).
 */
export const MERGED_INTO_LABEL: Label = { zh: '已并入', en: 'Merged into' }
export const mergedIntoNote = (caseNumber: string, lang: keyof Label = 'zh'): string => `${MERGED_INTO_LABEL[lang]} ${caseNumber}`
