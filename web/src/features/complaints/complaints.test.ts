import { describe, expect, it } from 'vitest'
import {
  canListComplaints,
  canTakeComplaints,
  complaintQuery,
  countyLocalToIso,
  emptyIntake,
  intakeBody,
  nextComplaintStep,
  replyState,
} from './complaints.ts'

const due = '2026-11-27T02:00:00.000Z'
const reply = (onTime: boolean) => ({ method: 'phone' as const, at: '2026-11-26T07:00:00.000Z', content: 'x', onTime })

describe('complaint logic', () => {
  it('says where the reply stands', () => {
    expect(replyState({ reply: null, replyDueAt: due }, new Date('2026-11-26T00:00:00Z'))).toBe('pending')
    expect(replyState({ reply: null, replyDueAt: due }, new Date('2026-11-28T00:00:00Z'))).toBe('overdue')
    expect(replyState({ reply: reply(true), replyDueAt: due }, new Date('2026-12-28T00:00:00Z'))).toBe('onTime')
    expect(replyState({ reply: reply(false), replyDueAt: due }, new Date())).toBe('late')
  })

  it('offers the reply first, then 回访, to the command center only', () => {
    expect(nextComplaintStep({ reply: null, followUp: null }, 'operator')).toBe('reply')
    expect(nextComplaintStep({ reply: reply(true), followUp: null }, 'operator')).toBe('followUp')
    expect(nextComplaintStep({ reply: reply(true), followUp: { at: due, satisfaction: 'satisfied', note: '' } }, 'operator')).toBeNull()
    expect(nextComplaintStep({ reply: null, followUp: null }, 'department')).toBeNull()
    expect(nextComplaintStep({ reply: null, followUp: null }, 'display')).toBeNull()
    expect([canTakeComplaints('operator'), canTakeComplaints('supervisor'), canTakeComplaints(null)]).toEqual([true, false, false])
    expect([canListComplaints('supervisor'), canListComplaints('inspector'), canListComplaints('display')]).toEqual([true, false, false])
  })

  it('builds the intake body, or says which fields are missing', () => {
    expect(intakeBody(emptyIntake())).toEqual({ refused: { name: 'required', phone: 'required', classCode: 'required', title: 'required' } })
    const f = { ...emptyIntake(), name: ' 李某 ', phone: '13800001234', classCode: '0102' as const, title: '油烟', lng: 'east', receivedAt: '2026-11-20T10:00' }
    expect(intakeBody(f)).toEqual({ refused: { lng: 'invalid' } })
    const built = intakeBody({ ...f, lng: '106.84' })
    expect(built).toEqual({
      body: {
        channel: '12345',
        contact: { name: '李某', phone: '13800001234' },
        classCode: '0102',
        title: '油烟',
        description: '',
        location: { type: 'Point', coordinates: [106.84, 32.356] },
        receivedAt: '2026-11-20T10:00:00+08:00',
      },
    })
  })

  it('reads a datetime-local value as county time, and leaves empty filters out of the query', () => {
    expect(countyLocalToIso('2026-11-20T10:00')).toBe('2026-11-20T10:00:00+08:00')
    expect(countyLocalToIso('2026-11-20T10:00:30')).toBe('2026-11-20T10:00:30+08:00')
    expect(complaintQuery({ channel: 'letter', reply: '', from: '2026-11-01', to: '' })).toBe('channel=letter&from=2026-11-01&limit=100')
  })
})
