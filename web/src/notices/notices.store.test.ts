import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useNotices } from './notices.store.ts'

describe('notices', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.useFakeTimers()
    vi.spyOn(console, 'error').mockImplementation(() => {})
  })
  afterEach(() => vi.useRealTimers())

  it('counts a repeated message instead of stacking it', () => {
    const notices = useNotices()
    notices.error('连接失败')
    notices.error('连接失败')
    expect(notices.list).toHaveLength(1)
    expect(notices.list[0]?.repeats).toBe(2)
  })

  it('writes errors to the console with their cause as well', () => {
    const cause = new Error('boom')
    useNotices().error('加载失败', cause)
    expect(console.error).toHaveBeenCalledWith('[citygrid] 加载失败', cause)
  })

  it('keeps errors until dismissed, lets other notices expire', () => {
    const notices = useNotices()
    notices.error('坏了')
    notices.push('case', '新案件')
    vi.advanceTimersByTime(60_000)
    expect(notices.list.map((n) => n.kind)).toEqual(['error'])
    notices.dismiss(notices.list[0]!.id)
    expect(notices.list).toEqual([])
  })

  it('clears the notices of a topic once it is resolved', () => {
    const notices = useNotices()
    notices.error('xhr poll error', undefined, 'socket')
    notices.error('map error')
    notices.clearTopic('socket')
    expect(notices.list.map((n) => n.text)).toEqual(['map error'])
  })

  it('hands notices to a page that shows them its own way, those already shown too, until it lets go', () => {
    const notices = useNotices()
    const got: string[] = []
    const cleared: string[] = []
    notices.error('大屏范围参数无效')
    const release = notices.divert({ push: (n) => got.push(`${n.kind}:${n.text}:${n.topic ?? ''}`), clearTopic: (t) => cleared.push(t) })
    notices.error('xhr poll error', undefined, 'socket')
    notices.push('case', '新案件')
    notices.clearTopic('socket')
    expect(got).toEqual(['error:大屏范围参数无效:', 'error:xhr poll error:socket', 'case:新案件:'])
    expect(cleared).toEqual(['socket'])
    expect(notices.list).toEqual([])
    expect(console.error).toHaveBeenCalledWith('[citygrid] xhr poll error', '')
    release()
    notices.error('坏了')
    expect(notices.list.map((n) => n.text)).toEqual(['坏了'])
    expect(got).toHaveLength(3)
  })
})
