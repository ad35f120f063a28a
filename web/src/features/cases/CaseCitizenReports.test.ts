import type { CaseDetail } from '@citygrid/shared'
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { i18n } from '../../i18n/index.ts'
import CaseCitizenReports from './CaseCitizenReports.vue'

const report = (id: number, description: string | null, phone: string | null, photoIds: number[] = []) => ({
  id,
  problem: 'garbage',
  description,
  location: [106.84, 32.35] as [number, number],
  reportedAt: '2026-12-01T08:00:00Z',
  phone,
  photoIds,
  rating: null,
  opened: id === 1,
})
const detail = {
  id: 42,
  caseNumber: '511922-2026-000042',
  status: 'reported',
  source: 'citizen',
  mergedInto: null,
  citizenReports: [report(1, '垃圾桶满了', '138 0000 0001', [7]), report(2, null, null)],
} as unknown as CaseDetail

const mountWith = (canMerge: boolean) =>
  mount(CaseCitizenReports, { props: { detail, canMerge }, global: { plugins: [createPinia(), i18n] } })

describe('a case\'s citizens\' reports', () => {
  it('lists each report with its words, phone and photos, and counts them', () => {
    const wrapper = mountWith(false)
    expect(wrapper.findAll('li[data-report-id]').map((li) => li.attributes('data-report-id'))).toEqual(['1', '2'])
    expect(wrapper.find('h3').text()).toContain('2')
    expect(wrapper.find('li[data-report-id="1"]').text()).toContain('垃圾桶满了')
    expect(wrapper.find('[data-testid=report-phone]').text()).toContain('138 0000 0001')
    // Not for this role: no choosing, no split, no merge.
    expect(wrapper.find('input[type=checkbox]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=split-reports]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=merge-case]').exists()).toBe(false)
  })

  it('for who files cases: says why before asking the server — no report chosen, the case\'s first one chosen, a bad case number', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch')
    try {
      const wrapper = mountWith(true)
      await wrapper.find('[data-testid=split-reports]').trigger('click')
      expect(wrapper.find('[role=alert]').text()).toBe(i18n.global.t('caseReports.needReport'))
      for (const box of wrapper.findAll('input[type=checkbox]')) await box.setValue(true)
      await wrapper.find('[data-testid=split-reports]').trigger('click')
      expect(wrapper.find('[role=alert]').text()).toBe(i18n.global.t('caseReports.openedWith'))
      await wrapper.find('[data-testid=merge-case] input').setValue('next door')
      await wrapper.find('[data-testid=merge-case]').trigger('submit')
      expect(wrapper.find('[data-testid=merge-case] [role=alert]').text()).toBe(i18n.global.t('caseReports.badNumber'))
      expect(fetch).not.toHaveBeenCalled()
    } finally {
      fetch.mockRestore()
    }
  })
})
