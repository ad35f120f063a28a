import { LAYER_IDS } from '@citygrid/shared'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { defineComponent, nextTick, ref } from 'vue'
import { i18n } from '../../i18n/index.ts'
import { useLayers } from '../../layers/layers.store.ts'
import { useLayersShown } from './use-layers-shown.ts'

describe('useLayersShown', () => {
  it('hides every layer while asked, then gives back the visibility the person had chosen, also when the page closes', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    const layers = useLayers()
    const [off, ...rest] = LAYER_IDS
    layers.visible[off] = false // switched off on the main map's layer panel
    const shown = ref(true)
    const page = mount(
      defineComponent({
        setup() {
          useLayersShown(shown)
          return () => null
        },
      }),
      { global: { plugins: [pinia, i18n] } },
    )
    const visible = () => LAYER_IDS.filter((id) => layers.visible[id])

    shown.value = false
    await nextTick()
    expect(visible()).toEqual([])
    shown.value = true
    await nextTick()
    expect(visible()).toEqual(rest)

    shown.value = false
    await nextTick()
    page.unmount()
    expect(visible()).toEqual(rest)
  })
})
