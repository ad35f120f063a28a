import type { CaseComplaint, Principal } from '@citygrid/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { i18n } from '../../i18n/index.ts'
import { useSession } from '../../session/session.store.ts'
import ComplaintPanel from './ComplaintPanel.vue'

const complaint: CaseComplaint = {
  channel: '12345',
  contact: { name: '李投诉', phone: '13800001234', address: null },
  receivedAt: '2026-11-20T02:00:00.000Z',
  replyDueAt: '2026-11-27T02:00:00.000Z',
  replyOverdue: true,
  reply: null,
  followUp: null,
}

function mountAs(principal: Principal, c: CaseComplaint = complaint) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSession().principal = principal
  return mount(ComplaintPanel, { props: { caseId: 42, complaint: c }, global: { plugins: [pinia, i18n] } })
}
const user = (role: 'operator' | 'department'): Principal => ({
  kind: 'user',
  user: { id: 1, username: role, displayName: role, role, department: role === 'department' ? 'zhifa' : null, disabled: false },
})

describe('ComplaintPanel', () => {
  it('shows the channel, contact and the overdue reply clock; the form is the command center’s', () => {
    const w = mountAs(user('operator'))
    expect(w.get('[data-testid=complaint-contact]').text()).toContain('13800001234')
    expect(w.get('[data-testid=complaint-state]').text()).toBe('答复已超期')
    expect(w.get('form').attributes('data-step')).toBe('reply')
    expect(mountAs(user('department')).find('form').exists()).toBe(false)
  })

  it('sends the reply with its method, county time and content, and names a refused field next to it', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response(JSON.stringify({ error: { code: 'validation_failed', message: 'bad', details: [{ field: 'content', reason: 'must not be empty' }] } }), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      }),
    )
    try {
      const w = mountAs(user('operator'))
      await w.get('select[name=method]').setValue('letter')
      await w.get('input[name=at]').setValue('2026-11-26T15:00')
      await w.get('form').trigger('submit')
      await flushPromises()
      const [path, init] = fetch.mock.calls[0]!
      expect(path).toBe('/api/complaints/42/reply')
      expect(JSON.parse(String(init!.body))).toEqual({ method: 'letter', content: '', at: '2026-11-26T15:00:00+08:00' })
      expect(w.get('.reason').text()).toBe('must not be empty')
    } finally {
      fetch.mockRestore()
    }
  })

  it('after the reply, offers 回访 and shows what was answered', () => {
    const w = mountAs(user('operator'), { ...complaint, replyOverdue: false, reply: { method: 'phone', at: '2026-11-26T07:00:00.000Z', content: '已处理', onTime: true } })
    expect(w.get('[data-testid=complaint-reply]').text()).toContain('已处理')
    expect(w.get('[data-testid=complaint-state]').text()).toBe('按时答复')
    expect(w.get('form').attributes('data-step')).toBe('followUp')
  })
})
