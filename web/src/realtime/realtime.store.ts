import { EVENT_CLASSES, OutboxEventSchema, type OutboxEvent } from '@citygrid/shared'
import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import { i18n, labelIn } from '../i18n/index.ts'
import { useLayers } from '../layers/layers.store.ts'
import { activePulses, type Pulse } from '../map/layers/pulse.ts'
import { useNotices } from '../notices/notices.store.ts'
import { applyEvent, isNewEvent, type LiveEffect } from './apply-event.ts'
import { nextConnectionState, type ConnectionSignal, type ConnectionState } from './connection-state.ts'

function idOf(raw: unknown): string {
  const id = (raw as { id?: unknown } | null)?.id
  return typeof id === 'number' || typeof id === 'string' ? String(id) : '?'
}

export type LiveListener = (event: OutboxEvent) => void

/**
 * Live state: the socket's connection, the last event id seen (sent back on reconnect as `since`), and the
 * pulses of new cases. Events are validated, de-duplicated by id, told to subscribers (pages such as
 * the case list) and applied to the layers store. While the layers are loading they wait in order, then
 * are applied on top of the snapshot; before a load has started they are not kept, since the snapshot
 * will already hold them.
 */
export const useRealtime = defineStore('realtime', () => {
  const layers = useLayers()
  const notices = useNotices()
  const connection = ref<ConnectionState>('connecting')
  /** When the next reconnection attempt is due (epoch ms), while one is waiting. */
  const nextRetryAt = ref<number | null>(null)
  /** null until the first event or `ready` arrives: the first handshake then asks for no history. */
  const lastSeenEventId = ref<number | null>(null)
  const pulses = shallowRef<Pulse[]>([])
  let pending: OutboxEvent[] = []
  const listeners = new Set<LiveListener>()

  /** Hear every new, valid event; returns the function that stops it. */
  function subscribe(listener: LiveListener): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }

  function tell(event: OutboxEvent): void {
    for (const listener of listeners) {
      try {
        listener(event)
      } catch (err) {
        notices.error(i18n.global.t('error.listener', { message: (err as Error).message }), err)
      }
    }
  }

  function announce(event: OutboxEvent): void {
    if (event.type !== 'case.created') return
    const record = event.payload
    const { label } = EVENT_CLASSES[record.classCode]
    const t = i18n.global.t
    const cls = labelIn(i18n.global.locale.value, label)
    // A title that only names the class says it once: 新案件：乱堆物料, not 新案件：乱堆物料（乱堆物料）.
    const title = record.title.trim()
    const namesClass = title === label.zh || title === label.en
    notices.push('case', namesClass ? t('notice.newCaseOfClass', { cls }) : t('notice.newCase', { title: record.title, cls }))
  }

  function signal(s: ConnectionSignal): void {
    connection.value = nextConnectionState(connection.value, s)
  }

  function retryAt(at: number | null): void {
    nextRetryAt.value = at
  }

  function onEffect(effect: LiveEffect): void {
    const { record } = effect
    const cls = EVENT_CLASSES[record.classCode]
    const [lng, lat] = record.location.coordinates
    pulses.value = [...pulses.value, { id: record.id, position: [lng, lat], color: cls.color, startedAt: performance.now() }]
  }

  function apply(events: readonly OutboxEvent[]): void {
    let current = layers.collections
    for (const event of events) {
      const applied = applyEvent(current, event)
      current = applied.layers
      applied.effects.forEach(onEffect)
    }
    layers.replace(current)
  }

  /** One raw `'event'` from the socket. */
  function receive(raw: unknown): void {
    const parsed = OutboxEventSchema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const message = issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'
      notices.error(i18n.global.t('error.badEvent', { id: idOf(raw), message }), raw)
      return
    }
    const event = parsed.data
    if (lastSeenEventId.value !== null && !isNewEvent(lastSeenEventId.value, event)) return
    lastSeenEventId.value = event.id
    announce(event)
    if (layers.settled) apply([event])
    else if (layers.requested) pending.push(event)
    tell(event)
  }

  /** `'ready'`: everything up to lastId has been sent. */
  function caughtUp(lastId: number): void {
    if (lastSeenEventId.value === null || lastId > lastSeenEventId.value) lastSeenEventId.value = lastId
  }

  watch(
    () => layers.settled,
    (settled) => {
      if (!settled) return
      const events = pending
      pending = []
      apply(events)
    },
  )

  function prunePulses(now: number): void {
    const alive = activePulses(pulses.value, now)
    if (alive.length !== pulses.value.length) pulses.value = alive
  }

  return { connection, nextRetryAt, lastSeenEventId, pulses, signal, retryAt, receive, caughtUp, prunePulses, subscribe }
})
