import { describe, expect, it } from 'vitest'
import { nextConnectionState, OFFLINE_AFTER_FAILURES } from './connection-state.ts'

describe('nextConnectionState', () => {
  it('is connected on connect, whatever came before', () => {
    expect(nextConnectionState('offline', { type: 'connect' })).toBe('connected')
    expect(nextConnectionState('connecting', { type: 'connect' })).toBe('connected')
  })

  it('reconnects after a dropped connection, and is offline when socket.io gave up', () => {
    expect(nextConnectionState('connected', { type: 'disconnect', willRetry: true })).toBe('reconnecting')
    expect(nextConnectionState('connected', { type: 'disconnect', willRetry: false })).toBe('offline')
  })

  it('turns offline after repeated failures', () => {
    const failing = (n: number) => ({ type: 'connect_error' as const, willRetry: true, consecutiveFailures: n })
    expect(nextConnectionState('connecting', failing(1))).toBe('connecting')
    expect(nextConnectionState('reconnecting', failing(1))).toBe('reconnecting')
    expect(nextConnectionState('reconnecting', failing(OFFLINE_AFTER_FAILURES))).toBe('offline')
    expect(nextConnectionState('connecting', { type: 'connect_error', willRetry: false, consecutiveFailures: 1 })).toBe('offline')
  })
})
