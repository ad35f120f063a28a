import type { CaseHistoryEntry } from '@citygrid/shared'
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '../../i18n/index.ts'
import CaseHistory from './CaseHistory.vue'

const filed: CaseHistoryEntry = {
  id: 2,
  action: 'file',
  fromStatus: 'reported',
  toStatus: 'filed',
  actor: null,
  at: '2026-11-24T08:00:00+08:00',
  comment: null,
  department: null,
  extraHours: null,
  photos: [
    { id: 7, kind: 'before', url: '/api/photos/7', thumbnailUrl: '/api/photos/7/thumbnail', contentType: 'image/jpeg', bytes: 9000, width: 1200, height: 1600 },
  ],
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('case history photos', () => {
  it('lists thumbnails and opens the stored image full size', async () => {
    const wrapper = mount(CaseHistory, {
      props: { entries: [filed], source: 'inspector' },
      global: { plugins: [createPinia(), i18n] },
      attachTo: document.body,
    })
    const thumb = wrapper.find('li[data-photo-id="7"] img')
    expect(thumb.attributes('src')).toBe('/api/photos/7/thumbnail')
    await wrapper.find('li[data-photo-id="7"] button').trigger('click')
    const full = document.querySelector<HTMLImageElement>('[data-testid=photo-lightbox] img')
    expect(full?.getAttribute('src')).toBe('/api/photos/7')
    wrapper.unmount()
  })
})

describe('case history of merges, splits and joined reports', () => {
  it('labels them (no workflow action) and shows the other case\'s number; a joined report is the citizen\'s', () => {
    const entry = (id: number, action: CaseHistoryEntry['action'], comment: string | null): CaseHistoryEntry => ({
      ...filed,
      id,
      action,
      fromStatus: 'reported',
      toStatus: action === 'merge' ? 'cancelled' : 'reported',
      comment,
      photos: [],
    })
    const wrapper = mount(CaseHistory, {
      props: { entries: [entry(3, 'join', null), entry(4, 'merge_in', '511922-2026-000007'), entry(5, 'merge', '511922-2026-000009')], source: 'hotline' },
      global: { plugins: [createPinia(), i18n] },
    })
    const rows = wrapper.findAll('li[data-action]')
    expect(rows.map((r) => r.attributes('data-action'))).toEqual(['join', 'merge_in', 'merge'])
    expect(rows[0]!.find('.action').text()).toBe('群众追加上报')
    expect(rows[0]!.text()).toContain('公众举报')
    expect(rows[1]!.find('.action').text()).toBe('合并案件')
    expect(rows[1]!.text()).toContain('511922-2026-000007')
    expect(rows[2]!.find('.action').text()).toBe('并入案件')
    wrapper.unmount()
  })
})
