import { LAYER_IDS } from '@citygrid/shared'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { i18n } from '../../i18n/index.ts'
import { useLayers } from '../../layers/layers.store.ts'
import LayerPanel from './LayerPanel.vue'

function mountPanel() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const layers = useLayers()
  layers.replace({
    parking: { type: 'FeatureCollection', features: [], numberMatched: 1440, numberReturned: 1440, truncated: false },
    vending: { type: 'FeatureCollection', features: [], numberMatched: 12000, numberReturned: 10000, truncated: true },
  })
  const wrapper = mount(LayerPanel, { global: { plugins: [pinia, i18n] } })
  return { wrapper, layers }
}

describe('LayerPanel', () => {
  it('lists every layer in Chinese with its count and legend', () => {
    const { wrapper } = mountPanel()
    expect(wrapper.findAll('[data-layer]').map((w) => w.attributes('data-layer'))).toEqual([...LAYER_IDS])
    const parking = wrapper.get('[data-layer=parking]')
    expect(parking.text()).toContain('智慧停车')
    expect(parking.get('.count').text()).toBe('1,440 个')
    expect(parking.findAll('.legend li').map((li) => li.text())).toEqual(['空闲', '占用', '关闭', '未知'])
    expect(wrapper.get('[data-layer=dust-sensors]').text()).toContain('暂无读数')
  })

  it('says when a layer was capped by the feature limit', () => {
    const { wrapper } = mountPanel()
    expect(wrapper.get('[data-layer=vending] .truncated').text()).toBe('已显示 10000 / 共 12000')
  })

  it('toggles a layer in the store', async () => {
    const { wrapper, layers } = mountPanel()
    await wrapper.get('[data-layer=parking] input[type=checkbox]').setValue(false)
    expect(layers.visible.parking).toBe(false)
    expect(layers.visible.vending).toBe(true)
  })
})
