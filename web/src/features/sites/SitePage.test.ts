import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '../../i18n/index.ts'
import { useRealtime } from '../../realtime/realtime.store.ts'
import SitePage from './SitePage.vue'
import { SITE_DAY, SITE_PAGE, SITE_WEEK } from './site-fixture.ts'

/** Answers the site page's requests from the fixtures, recording the paths asked. */
function serve() {
  const asked: string[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string) => {
      asked.push(path)
      const url = new URL(path, 'http://127.0.0.1')
      const body =
        url.pathname === '/api/sites/3'
          ? SITE_PAGE
          : url.pathname === '/api/sites/3/dust'
            ? url.searchParams.get('window') === '60'
              ? SITE_WEEK
              : SITE_DAY
            : null
      if (!body) return new Response(JSON.stringify({ error: { code: 'not_found', message: 'no such site' } }), { status: 404 })
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
    }),
  )
  return asked
}

async function mountPage(id: string) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const stub = { render: () => null }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: stub },
      { path: '/map', name: 'map', component: stub },
      { path: '/cases/:id', name: 'case', component: stub },
      { path: '/sites/:id', name: 'site', component: stub },
    ],
  })
  const wrapper = mount(SitePage, { props: { id }, global: { plugins: [pinia, i18n, router], stubs: { TrendChart: true } } })
  await flushPromises()
  return wrapper
}

const alarmEvent = (id: number, siteId: number) => ({
  id,
  at: '2026-11-25T06:01:00.000Z',
  type: 'dust.alarm',
  payload: { ...SITE_PAGE.alarms[0], siteId, state: 'tripped', siteAlarmActive: true, lng: 106.84, lat: 32.35 },
})

describe('a construction site page', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    i18n.global.locale.value = 'zh-CN'
  })

  it('shows the site, its measures and permit as yes/no, and its monitors online or offline since when', async () => {
    serve()
    const w = await mountPage('3')
    expect(w.get('[data-testid=site-name]').text()).toBe('沙河片区道路配套工程')
    expect(w.get('[data-testid=site-permit]').text()).toBe('511922202604150101')
    expect(w.get('[data-testid=site-status]').text()).toBe('施工中')
    expect(w.get('[data-testid=site-phase]').text()).toBe('土石方')
    expect(w.get('[data-measure=wetWork]').text()).toBe('湿法作业：是')
    expect(w.get('[data-measure=bareSoilCovered]').attributes('data-on')).toBe('false')
    expect(w.get('[data-measure=nightWorkPermit]').text()).toBe('夜间施工许可：否')
    const online = w.get('[data-sensor="DS-003-1"]')
    expect(online.get('[data-col=state]').text()).toBe('在线')
    expect(online.get('[data-col=pm10]').text()).toBe('162.4')
    expect(online.get('[data-col=tsp]').text()).toBe('—')
    const offline = w.get('[data-sensor="DS-003-2"]')
    expect(offline.classes()).toContain('offline')
    expect(offline.get('[data-col=state]').text()).toBe('离线自 2026/11/24 22:10') // county time
    i18n.global.locale.value = 'en'
    await flushPromises()
    expect(w.get('[data-measure=mistSpraying]').text()).toBe('Mist spraying: Yes')
    expect(w.get('[data-sensor="DS-003-2"] [data-col=state]').text()).toMatch(/^Offline since 11\/24\/2026, 22:10$/)
  })

  it('asks for 24 hours once when PM10 and PM2.5 share a window, and 7 days hourly; marks what is above a comparable limit', async () => {
    const asked = serve()
    const w = await mountPage('3')
    const dust = asked.filter((p) => p.startsWith('/api/sites/3/dust')).map((p) => new URL(p, 'http://127.0.0.1').searchParams.get('window'))
    expect(dust.sort()).toEqual(['15', '60'])
    const chart = (key: string) => w.get(`[data-chart=${key}]`)
    expect(chart('pm10-day').attributes('data-above')).toBe('2')
    expect(chart('pm25-day').attributes('data-above')).toBe('1')
    expect(chart('pm10-week').attributes('data-above')).toBe('1')
    expect(chart('pm25-week').attributes('data-above')).toBe('0')
    expect(chart('pm25-week').get('[data-note]').text()).toContain('无小时均值规则')
    expect(chart('pm10-day').find('[data-note]').exists()).toBe(false)
    expect(chart('noise-day').get('figcaption').text()).toContain('dB(A)')
  })

  it('lists alarms with their case and the cases the monitors raised, linked', async () => {
    serve()
    const w = await mountPage('3')
    const active = w.get('[data-alarm="9"]')
    expect(active.get('[data-col=cleared]').text()).toBe('告警中')
    expect(active.get('[data-col=worst]').text()).toBe('171.3 / 150')
    expect(active.get('a[data-col=case]').attributes('href')).toBe('/cases/41')
    expect(w.get('[data-alarm="8"] [data-col=cleared]').text()).toBe('2026/11/20 14:00')
    const c = w.get('[data-case="41"]')
    expect(c.get('a').attributes('href')).toBe('/cases/41')
    expect(c.text()).toContain('工地扬尘')
    expect(c.get('[data-col=status]').text()).toBe('已上报')
  })

  it('reloads when an event of this site arrives, not for another site', async () => {
    const asked = serve()
    await mountPage('3')
    const pages = () => asked.filter((p) => p === '/api/sites/3').length
    expect(pages()).toBe(1)
    useRealtime().receive(alarmEvent(100, 4))
    await flushPromises()
    expect(pages()).toBe(1)
    useRealtime().receive(alarmEvent(101, 3))
    await flushPromises()
    expect(pages()).toBe(2)
  })

  it('says so for a site that does not exist', async () => {
    serve()
    const w = await mountPage('999')
    expect(w.get('[role=alert]').text()).toBe('没有这个工地，或您无权查看')
  })
})
