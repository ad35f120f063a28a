import { onBeforeUnmount, shallowRef, watch, type ShallowRef } from 'vue'
import { useNotices } from '../../notices/notices.store.ts'
import { addWallNotice, clearWallTopic, expireWallNotices, type WallNotice } from './wall-notices.ts'
import { useWallClock } from './wall-clock.ts'

/**
 * While the wall is shown, the app's notices come here instead of the shell's pop-ups (which stay
 * until clicked, and would cover the panels): shown in the header, each leaving by itself (see
 * wall-notices.ts). Call it first on the page, so that no notice of the page's own start goes to the
 * pop-ups.
 */
export function useWallNotices(): ShallowRef<readonly WallNotice[]> {
  const clock = useWallClock()
  const list = shallowRef<readonly WallNotice[]>([])
  const release = useNotices().divert({
    push: (n) => (list.value = addWallNotice(list.value, n, clock.now)),
    clearTopic: (topic) => (list.value = clearWallTopic(list.value, topic)),
  })
  watch(
    () => clock.now,
    (t) => (list.value = expireWallNotices(list.value, t)),
  )
  onBeforeUnmount(release)
  return list
}
