import type { Zone, ZoneGeometry } from '@citygrid/shared'
import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { ApiError } from '../../api/http.ts'
import { createZone, deleteZone, fetchZone, updateZone } from '../../api/zones-api.ts'
import { useLocale } from '../../i18n/index.ts'
import { useNotices } from '../../notices/notices.store.ts'
import { draftProblems, problemsFromDetails, type DraftProblem } from './draft-validation.ts'
import { checkForm, emptyForm, formFromZone, type ZoneForm } from './zone-form.ts'

/** The drawing layer as the editor drives it (see use-zone-draw.ts). */
export interface DrawingLayer {
  geometry: Ref<ZoneGeometry | null>
  /** A shape is under way: judged once finished. */
  drawing: Ref<boolean>
  /** Begin an edit: the zone's polygons, or nothing for a new zone. */
  load(zone: Zone | null): void
  /** End it: nothing drawn, no drawing tool active. */
  finish(): void
}

/**
 * Editing one zone: a new one or a stored one. Saving checks the drawing (shape, crossings, area) and
 * the form first and sends nothing while anything is wrong; the server's refusal comes back as
 * problems with places; a stale version (409) is said, with a reload, and never overwritten.
 */
export function useZoneEditor(layer: DrawingLayer) {
  const { t } = useLocale()
  const notices = useNotices()
  /** null: not editing; id null: a new zone. */
  const editing = ref<{ id: number | null; version: number | null } | null>(null)
  const form = ref<ZoneForm>(emptyForm())
  const fieldErrors = ref<Record<string, string>>({})
  const serverProblems = shallowRef<DraftProblem[]>([])
  /** The version stored now, after a 409. */
  const conflict = ref<number | null>(null)
  /** The zone last saved, shown with the zones it overlaps. */
  const saved = shallowRef<Zone | null>(null)
  const saving = ref(false)

  const clientProblems = computed(() => (editing.value && !layer.drawing.value ? draftProblems(layer.geometry.value) : []))
  const canSave = computed(() => !!editing.value && !layer.drawing.value && !saving.value && clientProblems.value.length === 0)
  // The server's answer was about the drawing as sent; a changed drawing is checked afresh.
  watch(layer.geometry, () => (serverProblems.value = []))

  function start(zone: Zone | null): void {
    editing.value = zone ? { id: zone.id, version: zone.properties.version } : { id: null, version: null }
    form.value = zone ? formFromZone(zone) : emptyForm()
    fieldErrors.value = {}
    serverProblems.value = []
    conflict.value = null
    saved.value = null
    layer.load(zone)
  }

  function cancel(): void {
    editing.value = null
    conflict.value = null
    layer.finish()
  }

  async function save(): Promise<Zone | null> {
    const target = editing.value
    const geometry = layer.geometry.value
    if (!target || !geometry || !canSave.value) return null
    const check = checkForm(form.value, geometry)
    fieldErrors.value = check.ok ? {} : check.fields
    if (!check.ok) return null
    saving.value = true
    try {
      const zone =
        target.id === null ? await createZone(check.input) : await updateZone(target.id, check.input, target.version!)
      saved.value = zone
      editing.value = null
      layer.finish()
      notices.push('info', t('zones.saved', { name: zone.properties.name }))
      return zone
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) conflict.value = err.currentVersion
      else if (err instanceof ApiError && err.status === 400) {
        serverProblems.value = problemsFromDetails(err.details)
        for (const d of err.details) {
          const key = d.field.replace(/^body\./, '').replace(/^schedule\./, '')
          if (!key.startsWith('geometry')) fieldErrors.value = { ...fieldErrors.value, [key]: d.reason }
        }
        if (serverProblems.value.length === 0 && Object.keys(fieldErrors.value).length === 0) notices.error(t('zones.failed', { message: err.message }), err)
      } else notices.error(t('zones.failed', { message: (err as Error).message }), err)
      return null
    } finally {
      saving.value = false
    }
  }

  /** After a 409: take the stored zone (drawing and form), dropping this edit. */
  async function reload(): Promise<void> {
    const id = editing.value?.id
    if (id == null) return
    try {
      start(await fetchZone(id))
    } catch (err) {
      notices.error(t('error.load', { message: (err as Error).message }), err)
    }
  }

  /** Delete after asking, only if unchanged since it was listed; whether it was deleted. */
  async function remove(zone: Zone): Promise<boolean> {
    if (!window.confirm(t('zones.confirmDelete', { name: zone.properties.name }))) return false
    try {
      await deleteZone(zone.id, zone.properties.version)
      notices.push('info', t('zones.deleted', { name: zone.properties.name }))
      return true
    } catch (err) {
      notices.error(t('zones.failed', { message: (err as Error).message }), err)
      return false
    }
  }

  return { editing, canSave, form, fieldErrors, serverProblems, clientProblems, conflict, saved, saving, start, cancel, save, reload, remove }
}
