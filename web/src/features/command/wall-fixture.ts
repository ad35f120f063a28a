import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, vi } from 'vitest'
import { defineComponent, onBeforeUnmount, type VNode } from 'vue'
import { i18n } from '../../i18n/index.ts'
import { useWallClock } from './wall-clock.ts'

/**
 * For tests of the wall's composables: run `use` inside a component as the wall page would — its
 * clock running (`staleAfterS` as `?staleAfter=` gives it), with a fresh pinia (the app's stores) and i18n;
 * the component draws what `render` makes of the result (nothing unless told).
 */
export function mountOnWall<T>(
  use: () => T,
  opts: { staleAfterS?: number; render?: (result: T) => VNode } = {},
): { result: T; wrapper: VueWrapper } {
  const pinia = createPinia()
  setActivePinia(pinia)
  let result!: T
  const wrapper = mount(
    defineComponent({
      setup() {
        onBeforeUnmount(useWallClock().start(opts.staleAfterS ?? null))
        result = use()
        return () => (opts.render ? opts.render(result) : null)
      },
    }),
    { global: { plugins: [pinia, i18n] } },
  )
  return { result, wrapper }
}

/** Each test of the calling suite on a fake clock, with stubbed globals undone and logged errors kept quiet. */
export function onFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.spyOn(console, 'error').mockImplementation(() => {})
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })
}
