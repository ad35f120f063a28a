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
