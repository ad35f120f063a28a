import { DustAlarmSchema, DustRuleRecordSchema, type DustAlarm, type DustRuleInput, type DustRuleRecord } from '@citygrid/shared'
import { jsonBody, requestJson } from '../../api/http.ts'

/** Dust rules (`/api/dust/rules`): staff read them, admins write them. */

export function fetchDustRules(): Promise<DustRuleRecord[]> {
  return requestJson('/api/dust/rules', { schema: DustRuleRecordSchema.array() })
}

export function createDustRule(input: DustRuleInput): Promise<DustRuleRecord> {
  return requestJson('/api/dust/rules', { ...jsonBody('POST', input), schema: DustRuleRecordSchema })
}

export function replaceDustRule(id: number, input: DustRuleInput): Promise<DustRuleRecord> {
  return requestJson(`/api/dust/rules/${id}`, { ...jsonBody('PUT', input), schema: DustRuleRecordSchema })
}

/** The dust alarms attached to a case, oldest first. */
export function fetchCaseAlarms(caseId: number): Promise<DustAlarm[]> {
  return requestJson(`/api/cases/${caseId}/alarms`, { schema: DustAlarmSchema.array() })
}
