import type { OutboxEvent } from '@citygrid/shared'
import { onBeforeUnmount } from 'vue'
import { useRealtime } from './realtime.store.ts'

/** Hear live events while the calling component is mounted. */
export function useLiveEvents(listener: (event: OutboxEvent) => void): void {
  const stop = useRealtime().subscribe(listener)
  onBeforeUnmount(stop)
}
