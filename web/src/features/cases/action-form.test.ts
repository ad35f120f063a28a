import { CASE_ACTIONS, CASE_TRANSITIONS } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { buildRequest, EMPTY_DRAFT, formFor, refusalOf, type ActionDraft } from './action-form.ts'

const draft = (over: Partial<ActionDraft> = {}): ActionDraft => ({ ...EMPTY_DRAFT, ...over })

describe('action form', () => {
  it('asks each action for exactly what the state machine says it requires', () => {
    for (const action of CASE_ACTIONS) {
      const { requires } = CASE_TRANSITIONS[action]
      const shape = formFor(action)
      expect(shape.commentRequired, action).toBe(requires.comment)
      expect(shape.department, action).toBe(requires.department)
      expect(shape.extraHours, action).toBe(requires.extraHours)
    }
    expect(formFor('dispatch')).toMatchObject({ department: true, commentRequired: false, commentLabel: 'action.note' })
    expect(formFor('extend')).toMatchObject({ extraHours: true, commentRequired: true, commentLabel: 'action.comment' })
    expect(formFor('feedback').commentLabel).toBe('action.feedbackComment')
  })

  it('takes after-photos with feedback, before-photos with every other action', () => {
    for (const action of CASE_ACTIONS) expect(formFor(action).photos, action).toBe(action === 'feedback' ? 'after' : 'before')
  })

  it('files with nothing more, or with a note', () => {
    expect(buildRequest('file', draft())).toEqual({ ok: true, request: { action: 'file' } })
    expect(buildRequest('file', draft({ comment: '  属实  ' }))).toEqual({ ok: true, request: { action: 'file', comment: '属实' } })
  })

  it('needs a reason to cancel, return, fail a check, defer; a disposal note to give feedback', () => {
    for (const action of ['cancel', 'return', 'check_fail', 'defer'] as const) {
      expect(buildRequest(action, draft({ comment: '   ' })), action).toEqual({ ok: false, problems: { comment: 'needComment' } })
    }
    expect(buildRequest('feedback', draft())).toEqual({ ok: false, problems: { comment: 'needFeedback' } })
    expect(buildRequest('cancel', draft({ comment: '重复上报' }))).toEqual({ ok: true, request: { action: 'cancel', comment: '重复上报' } })
  })

  it('needs a department to dispatch, and sends it only for dispatch', () => {
    expect(buildRequest('dispatch', draft())).toEqual({ ok: false, problems: { department: 'needDepartment' } })
    expect(buildRequest('dispatch', draft({ department: 'zhujian' }))).toEqual({
      ok: true,
      request: { action: 'dispatch', department: 'zhujian' },
    })
    // A department left in the draft from another action is not sent where the server would refuse it.
    expect(buildRequest('accept', draft({ department: 'zhujian' }))).toEqual({ ok: true, request: { action: 'accept' } })
  })

  it('needs a reason and positive hours to extend', () => {
    expect(buildRequest('extend', draft())).toEqual({ ok: false, problems: { comment: 'needComment', extraHours: 'needHours' } })
    for (const hours of ['0', '-4', 'abc', '5000']) {
      expect(buildRequest('extend', draft({ comment: '雨天', extraHours: hours })), hours).toEqual({
        ok: false,
        problems: { extraHours: 'needHours' },
      })
    }
    expect(buildRequest('extend', draft({ comment: '雨天', extraHours: '16' }))).toEqual({
      ok: true,
      request: { action: 'extend', comment: '雨天', extraHours: 16 },
    })
  })

  it('reads the server’s refusals: field reasons, wrong role, and what is allowed instead', () => {
    const invalid = refusalOf({
      status: 400,
      message: 'comment: a reason is required to cancel a case',
      details: [{ field: 'body.comment', reason: 'a reason is required to cancel a case' }],
    })
    expect(invalid).toEqual({
      kind: 'invalid',
      message: 'comment: a reason is required to cancel a case',
      fields: { comment: 'a reason is required to cancel a case' },
      photos: [],
    })
    const photos = refusalOf({
      status: 400,
      message: 'photos.1: evil.png is not a JPEG, PNG or WebP image',
      details: [
        { field: 'photos', reason: 'at most 6 photos per action' },
        { field: 'photos.1', reason: 'evil.png is not a JPEG, PNG or WebP image' },
      ],
    })
    expect(photos).toMatchObject({
      kind: 'invalid',
      fields: {},
      photos: [
        { index: null, reason: 'at most 6 photos per action' },
        { index: 1, reason: 'evil.png is not a JPEG, PNG or WebP image' },
      ],
    })
    expect(refusalOf({ status: 403, message: 'only the assigned department may accept' })).toEqual({
      kind: 'forbidden',
      message: 'only the assigned department may accept',
    })
    expect(refusalOf({ status: 409, message: 'illegal', allowed: ['dispatch', 'bogus'] })).toEqual({ kind: 'conflict', allowed: ['dispatch'] })
    expect(refusalOf({ status: 0, message: 'network down' })).toEqual({ kind: 'other', message: 'network down' })
  })
})
