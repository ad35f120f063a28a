import { describe, expect, it, vi } from 'vitest'
import { h, nextTick } from 'vue'
import { useNotices } from '../../notices/notices.store.ts'
import { useRealtime } from '../../realtime/realtime.store.ts'
import { useWallNotices } from './use-wall-notices.ts'
import { WALL_NOTICE_MS } from './wall-notices.ts'
import { mountOnWall, onFakeClock } from './wall-fixture.ts'
import WallStatus from './WallStatus.vue'

/** The header's status with the app's notices diverted to it, as the wall page has it. */
function wallStatus() {
  return mountOnWall(
    () => {
      useNotices().error('大屏范围参数无效（成都），显示默认范围') // said while the page starts
      return useWallNotices()
    },
    { render: (notices) => h(WallStatus, { notices: notices.value }) },
  ).wrapper
}

describe('the wall status', () => {
  onFakeClock()

  it('shows the app’s notices instead of the pop-ups, each going away by itself, new cases never', async () => {
    const wrapper = wallStatus()
    const notices = useNotices()
    const shown = () => wrapper.findAll('li').map((li) => li.text())
    notices.error('实时连接错误：xhr poll error', undefined, 'socket')
    notices.push('case', '新案件：乱堆物堆料（乱堆物堆料）')
    await nextTick()
    expect(shown()).toEqual(['大屏范围参数无效（成都），显示默认范围', '实时连接错误：xhr poll error'])
    expect(notices.list, 'nothing for the pop-ups, which wait for a click').toEqual([])

    notices.clearTopic('socket') // the connection is back
    await vi.advanceTimersByTimeAsync(WALL_NOTICE_MS)
    expect(shown()).toEqual([])

    wrapper.unmount()
    notices.error('别的页面')
    expect(notices.list.map((n) => n.text)).toEqual(['别的页面'])
  })

  it('says the connection is lost while it is, and nothing once it is back', async () => {
    const wrapper = wallStatus()
    const realtime = useRealtime()
    const lost = () => wrapper.find('[data-status=connection]')
    realtime.connection = 'connected'
    await nextTick()
    expect(lost().exists()).toBe(false)
    realtime.connection = 'reconnecting'
    await nextTick()
    expect(lost().text()).toBe('连接中断，正在重连…')
    realtime.connection = 'offline'
    await nextTick()
    expect(lost().exists()).toBe(true)
    realtime.connection = 'connected'
    await nextTick()
    expect(lost().exists()).toBe(false)
  })
})
