import { onScopeDispose, ref, watch, type Ref } from 'vue'

/**
 * Whole seconds until `at` (epoch ms), ticking once a second while `at` is set; null when it is not.
 * For "next try in N s" while a live connection waits to retry.
 */
export function useSecondsUntil(at: Ref<number | null>): Ref<number | null> {
  const seconds = ref<number | null>(null)
  let timer: ReturnType<typeof setInterval> | undefined
  const update = () => {
    seconds.value = at.value === null ? null : Math.max(0, Math.ceil((at.value - Date.now()) / 1000))
  }
  watch(
    at,
    (value) => {
      clearInterval(timer)
      timer = undefined
      update()
      if (value !== null) timer = setInterval(update, 1000)
    },
    { immediate: true },
  )
  onScopeDispose(() => clearInterval(timer))
  return seconds
}
