import { ZoneInputSchema, type Zone, type ZoneGeometry, type ZoneInput } from '@citygrid/shared'

/** What the zone form edits: ZoneInput without the geometry (that comes from the drawing). */
export interface ZoneForm {
  name: string
  team: string
  color: string
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[]
  shifts: { name: string; start: string; end: string }[]
  notes: string
}

export function emptyForm(): ZoneForm {
  return { name: '', team: '', color: '#1c7ed6', days: [1, 2, 3, 4, 5], shifts: [{ name: '白班', start: '08:00', end: '18:00' }], notes: '' }
}

export function formFromZone(zone: Zone): ZoneForm {
  const p = zone.properties
  return {
    name: p.name,
    team: p.team,
    color: p.color,
    days: [...p.schedule.days],
    shifts: p.schedule.shifts.map((s) => ({ ...s })),
    notes: p.notes,
  }
}

export type FormCheck = { ok: true; input: ZoneInput } | { ok: false; fields: Record<string, string> }

/**
 * The form and the drawing as the API's ZoneInput, checked by the shared schema (the one the server
 * uses), so a field's reason shows beside it before anything is sent. Keys of `fields` are the form's
 * (`name`, `team`, `color`, `days`, `shifts.0.end`, `notes`), and `geometry` (the drawing's problems are
 * caught earlier by draft-validation with their places; this is the schema's last word).
 */
export function checkForm(form: ZoneForm, geometry: ZoneGeometry): FormCheck {
  const parsed = ZoneInputSchema.safeParse({
    name: form.name,
    team: form.team,
    color: form.color,
    schedule: { days: form.days, shifts: form.shifts },
    notes: form.notes,
    geometry,
  })
  if (parsed.success) return { ok: true, input: parsed.data }
  const fields: Record<string, string> = {}
  for (const issue of parsed.error.issues) {
    const [head, ...rest] = issue.path.map(String)
    const key = head === 'schedule' ? rest.join('.').replace(/^days\..*/, 'days') : head!
    fields[key] ??= issue.message
  }
  return { ok: false, fields }
}
