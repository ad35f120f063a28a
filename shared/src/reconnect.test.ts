import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { keepConnecting, reconnectDelay, RECONNECT_DELAY_MAX_MS, RECONNECT_DELAY_MIN_MS, RECONNECT_STABLE_MS, type PendingRetry } from './reconnect.ts'

/** A stand-in with the three events a socket.io-client Socket emits; `connect()` is counted. */
class FakeSocket {
  connects = 0
  // `any`: stands in for socket.io-client's typed overloads
  private listeners = new Map<string, ((arg?: any) => void)[]>()
  connect(): void {
    this.connects++
  }
  on(event: string, listener: (arg?: any) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
  }
  emit(event: string, arg?: unknown): void {
    for (const l of this.listeners.get(event) ?? []) l(arg)
  }
}

describe('reconnectDelay', () => {
  it('doubles from the minimum, spread by ±25 %, never above the cap', () => {
    expect(reconnectDelay(1, () => 0.5)).toBe(RECONNECT_DELAY_MIN_MS)
    expect(reconnectDelay(2, () => 0.5)).toBe(RECONNECT_DELAY_MIN_MS * 2)
    expect(reconnectDelay(1, () => 0)).toBe(RECONNECT_DELAY_MIN_MS * 0.75)
    expect(reconnectDelay(1, () => 1)).toBe(RECONNECT_DELAY_MIN_MS * 1.25)
    for (const attempt of [6, 7, 20, 1000]) {
      for (const r of [0, 0.5, 0.999]) expect(reconnectDelay(attempt, () => r)).toBeLessThanOrEqual(RECONNECT_DELAY_MAX_MS)
    }
    expect(reconnectDelay(1000, () => 0.999)).toBe(RECONNECT_DELAY_MAX_MS)
  })
})

describe('keepConnecting', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }))
  afterEach(() => vi.useRealTimers())

  it('retries a refused handshake, which socket.io-client would not, and backs off to the cap', () => {
    const socket = new FakeSocket()
    const seen: (PendingRetry | null)[] = []
    keepConnecting(socket, (p) => seen.push(p))
    const waits: number[] = []
    for (let i = 0; i < 12; i++) {
      socket.emit('connect_error', new Error('authentication is unavailable'))
      const pending = seen.at(-1)!
      waits.push(pending.at - Date.now())
      vi.advanceTimersByTime(pending.at - Date.now() - 1)
      expect(socket.connects).toBe(i) // not before its time
      vi.advanceTimersByTime(1)
      expect(socket.connects).toBe(i + 1)
    }
    expect(seen.map((p) => p?.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(Math.max(...waits)).toBe(RECONNECT_DELAY_MAX_MS)
    expect(waits.slice(-4)).toEqual([RECONNECT_DELAY_MAX_MS, RECONNECT_DELAY_MAX_MS, RECONNECT_DELAY_MAX_MS, RECONNECT_DELAY_MAX_MS])
  })

  it('retries after the server ends the socket, and starts over only once a connection has lasted', () => {
    const socket = new FakeSocket()
    const seen: (PendingRetry | null)[] = []
    keepConnecting(socket, (p) => seen.push(p))
    socket.emit('connect')
    vi.advanceTimersByTime(RECONNECT_STABLE_MS)
    socket.emit('disconnect', 'io server disconnect')
    expect(seen.at(-1)?.attempt).toBe(1)
    vi.advanceTimersByTime(RECONNECT_DELAY_MAX_MS)
    expect(socket.connects).toBe(1)
    socket.emit('connect_error', new Error('xhr poll error'))
    expect(seen.at(-1)?.attempt).toBe(2)
    vi.advanceTimersByTime(RECONNECT_DELAY_MAX_MS)
    // Accepted, then ended at once (its catch-up failed): the retries go on slowing down.
    socket.emit('connect')
    expect(seen.at(-1)).toBeNull()
    socket.emit('disconnect', 'io server disconnect')
    expect(seen.at(-1)?.attempt).toBe(3)
    vi.advanceTimersByTime(RECONNECT_DELAY_MAX_MS)
    // A connection that lasts: the next loss starts from the first delay again.
    socket.emit('connect')
    vi.advanceTimersByTime(RECONNECT_STABLE_MS)
    socket.emit('disconnect', 'transport close')
    expect(seen.at(-1)?.attempt).toBe(1)
  })

  it('schedules one retry at a time, and none after the page disconnects or stops', () => {
    const socket = new FakeSocket()
    const keep = keepConnecting(socket)
    socket.emit('connect_error', new Error('a'))
    socket.emit('connect_error', new Error('b'))
    vi.advanceTimersByTime(RECONNECT_DELAY_MAX_MS)
    expect(socket.connects).toBe(1)
    socket.emit('connect_error', new Error('c'))
    keep.stop()
    vi.advanceTimersByTime(RECONNECT_DELAY_MAX_MS * 2)
    expect(socket.connects).toBe(1)

    const other = new FakeSocket()
    keepConnecting(other)
    other.emit('connect')
    other.emit('disconnect', 'io client disconnect')
    other.emit('connect_error', new Error('late'))
    vi.advanceTimersByTime(RECONNECT_DELAY_MAX_MS * 2)
    expect(other.connects).toBe(0)
  })
})
