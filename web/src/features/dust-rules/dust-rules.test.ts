import type { DustRuleRecord } from '@citygrid/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../i18n/index.ts'
import DustRuleForm from './DustRuleForm.vue'
import { ApiError } from '../../api/http.ts'
import { refusalOf } from '../admin/field-reasons.ts'
import { blankRuleForm, formOf, RULE_FIELDS, ruleBody, upsertRule, withEnabled } from './dust-rules.ts'

const rule = (id: number, over: Partial<DustRuleRecord> = {}): DustRuleRecord => ({
  id,
  metric: 'tsp',
  windowMinutes: 60,
  limit: 800,
  maxExceedancesPerDay: 0,
  sitePhase: 'earthwork',
  enabled: true,
  label: 'Shaanxi DB61/1078-2017',
  createdAt: '2026-11-24T00:00:00.000Z',
  updatedAt: '2026-11-24T00:00:00.000Z',
  ...over,
})

describe('dust rules page logic', () => {
  it('sends typed numbers as numbers, no phase as null, and the label trimmed', () => {
    const body = ruleBody({ ...blankRuleForm(), limit: ' 80 ', maxExceedancesPerDay: '2', label: '  Hebei  ' })
    expect(body).toEqual({ metric: 'pm10', windowMinutes: 15, limit: 80, maxExceedancesPerDay: 2, sitePhase: null, enabled: true, label: 'Hebei' })
  })

  it('sends a blank or a non-number as null, for the server to name the field', () => {
    const body = ruleBody({ ...blankRuleForm(), limit: '', maxExceedancesPerDay: 'two' })
    expect(JSON.parse(JSON.stringify(body))).toMatchObject({ limit: null, maxExceedancesPerDay: null })
  })

  it('edits a rule as it is, and disables it without changing anything else', () => {
    const r = rule(3)
    expect(ruleBody(formOf(r))).toEqual({ metric: 'tsp', windowMinutes: 60, limit: 800, maxExceedancesPerDay: 0, sitePhase: 'earthwork', enabled: true, label: r.label })
    expect(withEnabled(r, false)).toEqual({ ...ruleBody(formOf(r)), enabled: false })
  })

  it('keeps the list in id order when a rule is added or replaced', () => {
    const list = [rule(1), rule(4)]
    expect(upsertRule(list, rule(2)).map((r) => r.id)).toEqual([1, 2, 4])
    expect(upsertRule(list, rule(4, { limit: 700 })).map((r) => r.limit)).toEqual([800, 700])
  })

  it('shows the server’s reasons next to the fields they name', () => {
    const err = new ApiError('validation_failed', 'invalid', 400, '/api/dust/rules', [
      { field: 'windowMinutes', reason: 'Invalid option: expected one of 5|15|60' },
      { field: 'limit', reason: 'Too small: expected number to be >0' },
    ])
    expect(refusalOf(err, RULE_FIELDS)).toEqual({
      fields: { windowMinutes: 'Invalid option: expected one of 5|15|60', limit: 'Too small: expected number to be >0' },
      message: '',
    })
  })
})

describe('the dust rule form', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('adds a rule with POST and shows the server’s reasons next to their fields', async () => {
    const fetch = vi.fn(async () =>
      new Response(
        JSON.stringify({
          error: { code: 'validation_failed', message: 'invalid request', details: [{ field: 'limit', reason: 'Too small: expected number to be >0' }] },
        }),
        { status: 400, headers: { 'content-type': 'application/json' } },
      ),
    )
    vi.stubGlobal('fetch', fetch)
    const pinia = createPinia()
    setActivePinia(pinia)
    const wrapper = mount(DustRuleForm, { props: { editing: null }, global: { plugins: [pinia, i18n] } })
    await wrapper.find('input[name=limit]').setValue('0')
    await wrapper.find('select[name=windowMinutes]').setValue('60')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect([path, init.method, JSON.parse(String(init.body))]).toEqual([
      '/api/dust/rules',
      'POST',
      { metric: 'pm10', windowMinutes: 60, limit: 0, maxExceedancesPerDay: 1, sitePhase: null, enabled: true, label: '' },
    ])
    expect(wrapper.find('.reason[data-field=limit]').text()).toBe('Too small: expected number to be >0')
    expect(wrapper.find('.reason[data-field=metric]').text()).toBe('')
    expect(wrapper.emitted('saved')).toBeUndefined()
  })

  it('replaces the rule being edited with PUT', async () => {
    const saved = rule(7, { limit: 700 })
    const fetch = vi.fn(async () => new Response(JSON.stringify(saved), { status: 200, headers: { 'content-type': 'application/json' } }))
    vi.stubGlobal('fetch', fetch)
    const pinia = createPinia()
    setActivePinia(pinia)
    const wrapper = mount(DustRuleForm, { props: { editing: rule(7) }, global: { plugins: [pinia, i18n] } })
    expect((wrapper.find('input[name=limit]').element as HTMLInputElement).value).toBe('800')
    await wrapper.find('input[name=limit]').setValue('700')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect([path, init.method, JSON.parse(String(init.body)).limit]).toEqual(['/api/dust/rules/7', 'PUT', 700])
    expect(wrapper.emitted('saved')).toEqual([[saved]])
  })
})
