import type { Zone } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { checkForm, emptyForm, formFromZone } from './zone-form.ts'

const geometry = { type: 'Polygon' as const, coordinates: [[[106.839, 32.356], [106.842, 32.356], [106.842, 32.359], [106.839, 32.356]] as [number, number][]] }

describe('zone form', () => {
  it('maps a filled form to the API input, days sorted', () => {
    const form = { ...emptyForm(), name: ' 南门片区 ', team: '一中队', days: [5, 1, 3] }
    const check = checkForm(form, geometry)
    expect(check.ok).toBe(true)
    if (!check.ok) return
    expect(check.input).toMatchObject({ name: '南门片区', team: '一中队', color: '#1c7ed6', schedule: { days: [1, 3, 5] }, geometry })
  })

  it('gives each bad field its reason under the form key', () => {
    const form = { ...emptyForm(), name: '', color: 'red', shifts: [{ name: '夜班', start: '22:00', end: '22:00' }] }
    const check = checkForm(form, geometry)
    expect(check.ok).toBe(false)
    if (check.ok) return
    expect(Object.keys(check.fields).sort()).toEqual(['color', 'name', 'shifts.0.end', 'team'].sort())
  })

  it("keeps the schema's geometry reason under `geometry`", () => {
    const open = { type: 'Polygon' as const, coordinates: [geometry.coordinates[0]!.slice(0, -1).concat([[106.85, 32.36]])] }
    const check = checkForm({ ...emptyForm(), name: 'A', team: 'T' }, open)
    expect(check.ok).toBe(false)
    if (check.ok) return
    expect(check.fields.geometry).toContain('not closed')
  })

  it('reads a stored zone back into the form', () => {
    const zone = {
      properties: { name: 'A', team: 'T', color: '#000000', schedule: { days: [6, 7], shifts: [{ name: 'n', start: '20:00', end: '04:00' }] }, notes: 'x' },
    } as unknown as Zone
    expect(formFromZone(zone)).toEqual({ name: 'A', team: 'T', color: '#000000', days: [6, 7], shifts: [{ name: 'n', start: '20:00', end: '04:00' }], notes: 'x' })
  })
})
