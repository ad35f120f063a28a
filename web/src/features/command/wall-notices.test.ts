import { describe, expect, it } from 'vitest'
import { addWallNotice, clearWallTopic, expireWallNotices, WALL_NOTICE_MS, WALL_NOTICES_SHOWN, type WallNotice } from './wall-notices.ts'

const T0 = Date.parse('2026-11-25T06:00:00Z')
const texts = (list: readonly WallNotice[]) => list.map((n) => n.text)

describe('wall notices', () => {
  it('leaves new cases to the feed', () => {
    expect(addWallNotice([], { kind: 'case', text: '新案件：占道经营' }, T0)).toEqual([])
  })

  it('lets a notice without a topic leave by itself; the same text again restarts its time', () => {
    let list = addWallNotice([], { kind: 'error', text: '地图错误：tile' }, T0)
    list = addWallNotice(list, { kind: 'error', text: '地图错误：tile' }, T0 + 30_000)
    expect(texts(list)).toEqual(['地图错误：tile'])
    expect(texts(expireWallNotices(list, T0 + WALL_NOTICE_MS))).toEqual(['地图错误：tile'])
    expect(expireWallNotices(list, T0 + 30_000 + WALL_NOTICE_MS)).toEqual([])
  })

  it('keeps a condition (a topic) until its topic is cleared, showing its newest cause', () => {
    let list = addWallNotice([], { kind: 'error', text: '实时连接错误：xhr poll error', topic: 'socket' }, T0)
    list = addWallNotice(list, { kind: 'error', text: '实时连接错误：authentication is unavailable', topic: 'socket' }, T0 + 5_000)
    expect(texts(expireWallNotices(list, T0 + 100 * WALL_NOTICE_MS))).toEqual(['实时连接错误：authentication is unavailable'])
    expect(clearWallTopic(list, 'socket')).toEqual([])
  })

  it('shows the newest few, and hands back the same list when nothing changed', () => {
    let list: readonly WallNotice[] = []
    for (let i = 0; i < WALL_NOTICES_SHOWN + 2; i++) list = addWallNotice(list, { kind: 'info', text: `第 ${i} 条` }, T0)
    expect(texts(list)).toEqual(['第 2 条', '第 3 条', '第 4 条'])
    expect(expireWallNotices(list, T0 + 1)).toBe(list)
    expect(clearWallTopic(list, 'socket')).toBe(list)
  })
})
