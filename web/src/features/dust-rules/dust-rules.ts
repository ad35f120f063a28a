import { DUST_WINDOW_MINUTES, type DustMetric, type DustRuleInput, type DustRuleRecord, type SitePhase } from '@citygrid/shared'

/** The dust rules page's logic, apart from its components: the form's body, editing a rule, listing them. */

/** The form's fields, named as the server names them in a refusal. */
export const RULE_FIELDS = ['metric', 'windowMinutes', 'limit', 'maxExceedancesPerDay', 'sitePhase', 'label'] as const

export interface RuleForm {
  metric: DustMetric
  windowMinutes: (typeof DUST_WINDOW_MINUTES)[number]
  /** As typed: the server says why a value is refused, next to its field. */
  limit: string
  maxExceedancesPerDay: string
  /** '' for every site. */
  sitePhase: SitePhase | ''
  enabled: boolean
  label: string
}

export const blankRuleForm = (): RuleForm => ({
  metric: 'pm10',
  windowMinutes: 15,
  limit: '',
  maxExceedancesPerDay: '1',
  sitePhase: '',
  enabled: true,
  label: '',
})

/** The form holding `rule`, to edit it. */
export function formOf(rule: DustRuleRecord): RuleForm {
  return {
    metric: rule.metric,
    windowMinutes: rule.windowMinutes,
    limit: String(rule.limit),
    maxExceedancesPerDay: String(rule.maxExceedancesPerDay),
    sitePhase: rule.sitePhase ?? '',
    enabled: rule.enabled,
    label: rule.label,
  }
}

/** A typed number, or NaN for a blank or a non-number (sent as null: the server names the field). */
const numberOf = (typed: string): number => (typed.trim() === '' ? Number.NaN : Number(typed.trim()))

/** What the form asks the server for (POST to add, PUT to replace). */
export function ruleBody(form: RuleForm): DustRuleInput {
  return {
    metric: form.metric,
    windowMinutes: form.windowMinutes,
    limit: numberOf(form.limit),
    maxExceedancesPerDay: numberOf(form.maxExceedancesPerDay),
    sitePhase: form.sitePhase === '' ? null : form.sitePhase,
    enabled: form.enabled,
    label: form.label.trim(),
  }
}

/** `rule` as it stands with only `enabled` changed (disabling keeps a rule and its alarms' history). */
export function withEnabled(rule: DustRuleRecord, enabled: boolean): DustRuleInput {
  const { metric, windowMinutes, limit, maxExceedancesPerDay, sitePhase, label } = rule
  return { metric, windowMinutes, limit, maxExceedancesPerDay, sitePhase, label, enabled }
}

/** The list with `rule` added or replaced, in id order (the server's). */
export function upsertRule(rules: readonly DustRuleRecord[], rule: DustRuleRecord): DustRuleRecord[] {
  return [...rules.filter((r) => r.id !== rule.id), rule].sort((a, b) => a.id - b.id)
}
