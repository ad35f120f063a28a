import { REPORT_SOURCES } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { buildReport, EMPTY_REPORT, sourcesOf, type ReportDraft } from './report-draft.ts'

const draft = (over: Partial<ReportDraft> = {}): ReportDraft => ({ ...EMPTY_REPORT, ...over })

describe('the report form', () => {
  it('offers each role the sources the server lets it claim, none to a department', () => {
    expect(sourcesOf('operator')).toEqual(REPORT_SOURCES.operator)
    expect(sourcesOf('operator')).toEqual(['hotline', 'video', 'assigned'])
    expect(sourcesOf('inspector')).toEqual(['inspector'])
    expect(sourcesOf('department')).toEqual([])
    expect(sourcesOf(null)).toEqual([])
  })

  it('asks for a class, a title and a place before anything is sent', () => {
    expect(buildReport(draft(), 'operator')).toEqual({ ok: false, problems: { classCode: 'required', title: 'required', location: 'required' } })
    expect(buildReport(draft({ classCode: '0501', title: '  ', location: [106.84, 32.35] }), 'operator')).toEqual({ ok: false, problems: { title: 'required' } })
  })

  it('refuses a source the role may not claim, as the server would', () => {
    const d = draft({ classCode: '0501', title: '游商', location: [106.84, 32.35], source: 'citizen' })
    expect(buildReport(d, 'operator')).toEqual({ ok: false, problems: { source: 'notYours' } })
  })

  it('sends a trimmed request; an empty address is left to the server to derive', () => {
    const d = draft({ classCode: '0501', title: ' 游商占道 ', description: ' 三轮车 ', location: [106.84, 32.35], source: 'video', address: '  ' })
    expect(buildReport(d, 'operator')).toEqual({
      ok: true,
      request: { classCode: '0501', title: '游商占道', description: '三轮车', location: { type: 'Point', coordinates: [106.84, 32.35] }, source: 'video' },
    })
    const withAddress = buildReport({ ...d, address: ' 红光路口 ' }, 'operator')
    expect(withAddress.ok && withAddress.request.address).toBe('红光路口')
  })
})
