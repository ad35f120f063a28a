import { HJ212_OUTCOMES, type Hj212Counters } from '@citygrid/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../i18n/index.ts'
import { messages } from '../../i18n/messages.ts'
import Hj212CountersPanel from './Hj212CountersPanel.vue'
import Hj212DeviceForm from './Hj212DeviceForm.vue'
import { blankDeviceForm, counterRows, deviceBody } from './hj212-page.ts'

/** Answers each fetch with the next of `bodies` (status, JSON body), recording the requests. */
function respond(...bodies: [number, unknown][]) {
  const fetch = vi.fn(async () => {
    const [status, body] = bodies.shift() ?? [500, {}]
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetch)
  return fetch
}

const mountIn = <C,>(component: C) => {
  const pinia = createPinia()
  setActivePinia(pinia)
  return mount(component as never, { global: { plugins: [pinia, i18n] } })
}

const counters = (counts: Partial<Record<(typeof HJ212_OUTCOMES)[number], number>>): Hj212Counters => ({
  since: '2026-11-24T00:00:00.000Z',
  packets: HJ212_OUTCOMES.map((outcome) => ({ outcome, count: counts[outcome] ?? 0 })),
})

describe('the HJ 212 devices page', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    i18n.global.locale.value = 'zh-CN'
  })

  it('labels every outcome the listener counts, in Chinese and in English', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const labels = messages[locale].hj212.outcomes as Record<string, string>
      for (const outcome of HJ212_OUTCOMES) expect(labels[outcome], `${locale} ${outcome}`).toMatch(/\S/)
    }
    expect(new Set(Object.values(messages['zh-CN'].hj212.outcomes)).size, 'no two outcomes share a label').toBe(HJ212_OUTCOMES.length)
  })

  it('sends what the form holds, MN and sensor trimmed, the TSP unit as units.tsp', () => {
    expect(deviceBody({ mn: ' 010000A8900016F000169DC0 ', password: ' pw 1', sensorId: 'DS-001\t', tsp: 'mg/m3' })).toEqual({
      mn: '010000A8900016F000169DC0',
      password: ' pw 1',
      sensorId: 'DS-001',
      units: { tsp: 'mg/m3' },
    })
    expect(deviceBody(blankDeviceForm()).units).toEqual({ tsp: 'ug/m3' })
  })

  it('totals the refusals, not what was stored or resent', () => {
    const { rows, refused } = counterRows(counters({ accepted: 40, unchanged: 3, crc: 2, garbage: 5, password: 1 }))
    expect(refused).toBe(8)
    expect(rows.map((r) => r.outcome)).toEqual([...HJ212_OUTCOMES])
    expect(rows.filter((r) => !r.refused).map((r) => r.outcome)).toEqual(['accepted', 'unchanged'])
  })

  it('shows the server’s reasons next to their fields, units.tsp next to the TSP unit', async () => {
    const fetch = respond([
      400,
      {
        error: {
          code: 'validation_failed',
          message: 'invalid request',
          details: [
            { field: 'mn', reason: 'must not hold ; , = or &' },
            { field: 'units.tsp', reason: 'Invalid option' },
          ],
        },
      },
    ])
    const wrapper = mountIn(Hj212DeviceForm)
    await wrapper.find('input[name=mn]').setValue('A;B')
    await wrapper.find('input[name=password]').setValue('123456')
    await wrapper.find('input[name=sensorId]').setValue('DS-001')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(fetch).toHaveBeenCalledOnce()
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect([path, init.method, JSON.parse(String(init.body))]).toEqual([
      '/api/hj212/devices',
      'POST',
      { mn: 'A;B', password: '123456', sensorId: 'DS-001', units: { tsp: 'ug/m3' } },
    ])
    const reason = (field: string) => wrapper.find(`.reason[data-field=${field}]`).text()
    expect([reason('mn'), reason('password'), reason('sensorId'), reason('tsp')]).toEqual(['must not hold ; , = or &', '', '', 'Invalid option'])
    expect(wrapper.find('[role=alert]').exists(), 'every reason has its field').toBe(false)
    expect(wrapper.emitted('created')).toBeUndefined()
  })

  it('clears the form and says so when the device is registered; a conflict shows at its field', async () => {
    const device = { mn: 'M1', sensorId: 'DS-001', tspUnit: 'ug/m3', createdAt: '2026-11-24T01:00:00.000Z' }
    respond([409, { error: { code: 'conflict', message: 'taken', details: [{ field: 'sensorId', reason: 'already has a device' }] } }], [201, device])
    const wrapper = mountIn(Hj212DeviceForm)
    await wrapper.find('input[name=mn]').setValue('M1')
    await wrapper.find('input[name=password]').setValue('pw')
    await wrapper.find('input[name=sensorId]').setValue('DS-001')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('.reason[data-field=sensorId]').text()).toBe('already has a device')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.emitted('created')).toEqual([[device]])
    expect((wrapper.find('input[name=mn]').element as HTMLInputElement).value).toBe('')
    expect(wrapper.find('.reason[data-field=sensorId]').text()).toBe('')
  })

  it('lists the counters with their labels and the refusals’ total, in the chosen language', async () => {
    respond([200, counters({ accepted: 7, crc: 2, truncated: 1 })], [200, counters({ accepted: 9, crc: 3, truncated: 1 })])
    const wrapper = mountIn(Hj212CountersPanel)
    await flushPromises()
    const row = (outcome: string) => wrapper.find(`tr[data-outcome=${outcome}]`).text()
    expect(row('crc')).toContain('CRC 校验错误')
    expect(row('crc')).toContain('2')
    expect(wrapper.find('[data-testid=hj212-refused]').text()).toBe('3')
    i18n.global.locale.value = 'en'
    await wrapper.find('[data-testid=hj212-counters-refresh]').trigger('click')
    await flushPromises()
    expect(row('crc')).toContain('Wrong CRC')
    expect(row('accepted')).toMatch(/Stored.*9/)
    expect(wrapper.find('[data-testid=hj212-refused]').text()).toBe('4')
  })
})
