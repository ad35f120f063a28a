import { describe, expect, it } from 'vitest'
import { DEFAULT_WORK_CALENDAR, WorkCalendarSchema } from './calendar.ts'
import { complaintReplyDue, rateOf, repliedOnTime } from './complaint.ts'
import { complaintFigures, ComplaintCreateSchema, ComplaintFollowUpSchema, ComplaintReplySchema } from './complaint.schema.ts'

const at = (local: string) => new Date(`${local}+08:00`)

describe('complaintReplyDue', () => {
  it('counts working days: a Friday complaint skips the weekend', () => {
    expect(complaintReplyDue(DEFAULT_WORK_CALENDAR, at('2026-11-20T10:00:00'), 5)).toEqual(at('2026-11-27T10:00:00'))
    expect(complaintReplyDue(DEFAULT_WORK_CALENDAR, at('2026-11-20T10:00:00'), 1)).toEqual(at('2026-11-23T10:00:00'))
  })

  it('a complaint on a Saturday starts counting on Monday morning', () => {
    // 5 working days from Monday 08:30 end at the close of Friday: the same working instant as the next opening.
    expect(complaintReplyDue(DEFAULT_WORK_CALENDAR, at('2026-11-21T15:00:00'), 5)).toEqual(at('2026-11-27T17:30:00'))
  })

  it('skips the calendar’s holidays', () => {
    const cal = WorkCalendarSchema.parse({ holidays: ['2026-12-01', '2026-12-02'] })
    expect(complaintReplyDue(cal, at('2026-11-30T10:00:00'), 1)).toEqual(at('2026-12-03T10:00:00'))
  })
})

describe('the rates', () => {
  it('replied on time: by the due time, inclusive', () => {
    const replyDueAt = '2026-11-27T02:00:00.000Z'
    expect(repliedOnTime({ repliedAt: replyDueAt, replyDueAt })).toBe(true)
    expect(repliedOnTime({ repliedAt: '2026-11-27T02:00:00.001Z', replyDueAt })).toBe(false)
    expect(repliedOnTime({ repliedAt: null, replyDueAt })).toBe(false)
  })

  it('a rate is null with nothing counted', () => {
    expect(rateOf(0, 0)).toBeNull()
    expect(rateOf(1, 4)).toBe(0.25)
  })

  it('complaintFigures fills every channel and computes 按时答复率 and 满意率', () => {
    const f = complaintFigures(
      { from: 'a', to: 'b' },
      { received: 3, byChannel: { '12345': 2, letter: 1 }, repliesDue: 4, repliedOnTime: 3, followUps: 2, satisfied: 1 },
    )
    expect(f.byChannel).toEqual({ '12345': 2, '12319': 0, letter: 1, visit: 0, online: 0 })
    expect(f.onTimeReplyRate).toBe(0.75)
    expect(f.satisfactionRate).toBe(0.5)
    expect(complaintFigures({ from: 'a', to: 'b' }, { received: 0, byChannel: {}, repliesDue: 0, repliedOnTime: 0, followUps: 0, satisfied: 0 }))
      .toMatchObject({ onTimeReplyRate: null, satisfactionRate: null })
  })
})

describe('the bodies name the field they refuse', () => {
  const fields = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues.map((i) => i.path.join('.'))
  const base = {
    channel: '12319',
    contact: { name: '张三', phone: '0827-1234567' },
    classCode: '0102',
    title: '噪声',
    location: { type: 'Point', coordinates: [106.84, 32.356] },
  }

  it('intake', () => {
    expect(ComplaintCreateSchema.safeParse(base).success).toBe(true)
    expect(fields(ComplaintCreateSchema.safeParse({ ...base, channel: '110' }))).toEqual(['channel'])
    expect(fields(ComplaintCreateSchema.safeParse({ ...base, contact: { name: '张三', phone: 'call me' } }))).toEqual(['contact.phone'])
    expect(fields(ComplaintCreateSchema.safeParse({ ...base, receivedAt: '2999-01-01T00:00:00Z' }))).toEqual(['receivedAt'])
  })

  it('reply and follow-up', () => {
    expect(fields(ComplaintReplySchema.safeParse({ method: 'email', content: 'x' }))).toEqual(['method'])
    expect(fields(ComplaintReplySchema.safeParse({ method: 'sms', content: '' }))).toEqual(['content'])
    expect(fields(ComplaintFollowUpSchema.safeParse({ satisfaction: 'happy' }))).toEqual(['satisfaction'])
    expect(ComplaintFollowUpSchema.parse({ satisfaction: 'satisfied' }).note).toBe('')
  })
})
