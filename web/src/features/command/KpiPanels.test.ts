import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { CommandSummary } from '../../api/command-api.ts'
import { i18n } from '../../i18n/index.ts'
import type { PanelFreshness } from './freshness.ts'
import KpiPanels from './KpiPanels.vue'

const summary: CommandSummary = {
  at: '2026-11-25T06:00:00Z',
  cases: { newToday: 5, open: 1234, closedToday: 2, overdue: 29, closeRate: 0.8271, onTimeRate: null, period: { from: 'a', to: 'b' } },
  dust: { activeAlarms: 1, worstSite: { siteId: 3, name: '沙河片区道路配套工程', pm10: 160.4, at: '2026-11-25T06:00:00Z' } },
  parking: { total: 1440, free: 508, occupied: 880, closed: 2, unknown: 50, occupancy: 0.635 },
  vending: { active: 187, rectifying: 68, cleared: 65 },
  structures: { discovered: 17, verified: 17, notice_served: 18, demolished: 28 },
  complaints: {
    received: 12,
    byChannel: { '12345': 7, '12319': 2, letter: 1, visit: 2, online: 0 },
    repliesDue: 8,
    repliedOnTime: 7,
    onTimeReplyRate: 0.875,
    followUps: 4,
    satisfied: 3,
    satisfactionRate: 0.75,
  },
}

const mountWith = (s: CommandSummary | null, freshness: PanelFreshness = { updatedAt: null, stale: false }) =>
  mount(KpiPanels, { props: { summary: s, freshness }, global: { plugins: [i18n] } })

describe('KpiPanels', () => {
  it('shows the server figures: counts grouped, rates as percentages, a missing rate as a dash', () => {
    const w = mountWith(summary)
    expect(w.get('[data-kpi="cases.open"] dd').text()).toBe('1,234')
    expect(w.get('[data-kpi="cases.closeRate"] dd').text()).toBe('82.7%')
    expect(w.get('[data-kpi="cases.onTimeRate"] dd').text()).toBe('—')
    expect(w.get('[data-kpi="parking.occupancy"] dd').text()).toBe('63.5%')
    expect(w.get('[data-kpi="dust.worstSite"]').text()).toContain('沙河片区道路配套工程')
    expect(w.get('[data-kpi="structures.notice_served"]').text()).toContain('已送达通知')
    expect(w.get('[data-kpi="structures.notice_served"]').attributes('data-value')).toBe('18')
    expect(w.get('[data-kpi="cases.overdue"] dd').classes()).toContain('alarm')
  })

  it('shows the complaint figures: received, 按时答复率, 满意率 and each channel', () => {
    const w = mountWith(summary)
    expect(w.get('[data-kpi="complaints.received"] dd').text()).toBe('12')
    expect(w.get('[data-kpi="complaints.onTimeReplyRate"] dd').text()).toBe('87.5%')
    expect(w.get('[data-kpi="complaints.satisfactionRate"] dd').text()).toBe('75.0%')
    expect(w.get('[data-kpi="complaints.byChannel.12345"]').text()).toContain('7')
    expect(w.get('[data-kpi="complaints.byChannel.online"]').attributes('data-value')).toBe('0')
    const none = mountWith({ ...summary, complaints: { ...summary.complaints, onTimeReplyRate: null } })
    expect(none.get('[data-kpi="complaints.onTimeReplyRate"] dd').text()).toBe('—')
  })

  it('shows dashes until the first summary arrives', () => {
    const w = mountWith(null)
    expect(w.get('[data-testid=kpis]').attributes('data-ready')).toBe('false')
    expect(w.get('[data-kpi="cases.newToday"] dd').text()).toBe('—')
  })

  it('says when its figures were current, in county time, and marks them when stale', () => {
    const at = Date.parse('2026-11-25T06:42:00Z')
    const fresh = mountWith(summary, { updatedAt: at, stale: false })
    expect(fresh.get('.cases [data-stamp]').text()).toBe('更新于 14:42')
    expect(fresh.findAll('section.stale')).toHaveLength(0)
    const stale = mountWith(summary, { updatedAt: at, stale: true })
    expect(stale.get('.cases [data-stamp]').text()).toBe('数据可能已过期 更新于 14:42')
    expect(stale.get('.cases [data-stamp]').attributes('data-stale')).toBe('true')
    expect(stale.findAll('section.stale')).toHaveLength(4)
  })
})
