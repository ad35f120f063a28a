import { describe, expect, it } from 'vitest'
import { actionInit } from './cases-api.ts'

const png = (name: string) => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], name, { type: 'image/png' })

describe('action requests', () => {
  it('are JSON without photos', () => {
    const init = actionInit({ action: 'file', comment: '属实' })
    expect(init).toEqual({ method: 'POST', body: JSON.stringify({ action: 'file', comment: '属实' }), headers: { 'content-type': 'application/json' } })
    expect(actionInit({ action: 'file' }, [])).toMatchObject({ body: '{"action":"file"}' })
  })

  it('are multipart with photos: the same fields as text, each photo under `photos`, no content type of our own', () => {
    const a = png('a.png')
    const b = png('b.png')
    const init = actionInit({ action: 'extend', comment: '雨天', extraHours: 16 }, [a, b])
    expect(init.method).toBe('POST')
    expect(init.headers).toBeUndefined() // the browser sets multipart/form-data with its boundary
    const form = init.body as FormData
    expect(form).toBeInstanceOf(FormData)
    expect([...form.keys()]).toEqual(['action', 'comment', 'extraHours', 'photos', 'photos'])
    expect(form.get('action')).toBe('extend')
    expect(form.get('comment')).toBe('雨天')
    expect(form.get('extraHours')).toBe('16')
    const sent = form.getAll('photos') as File[]
    expect(sent.map((f) => [f.name, f.type, f.size])).toEqual([
      ['a.png', 'image/png', 4],
      ['b.png', 'image/png', 4],
    ])
  })

  it('leave out the fields the request lacks', () => {
    const form = actionInit({ action: 'feedback', comment: '已清理' }, [png('after.png')]).body as FormData
    expect(form.has('department')).toBe(false)
    expect(form.has('extraHours')).toBe(false)
  })
})
