import type { ZoneGeometry } from '@citygrid/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, ref, type Ref } from 'vue'
import { i18n } from '../../i18n/index.ts'
import { useZoneEditor } from './use-zone-editor.ts'
import { SQUARE, storedZone } from './zone-fixture.ts'

type P = [number, number]
const square: ZoneGeometry = { type: 'Polygon', coordinates: SQUARE }
const bowTie: ZoneGeometry = { type: 'Polygon', coordinates: [[[106.839, 32.356], [106.843, 32.36], [106.843, 32.356], [106.839, 32.36], [106.839, 32.356]] as P[]] }

const stored = (version: number) => storedZone(5, { name: '南门', schedule: { days: [1], shifts: [] }, version })

/** The editor inside a component (it uses i18n and the notices store), over a fake drawing layer. */
function setup(geometry: ZoneGeometry | null) {
  const layer = { geometry: ref(geometry) as Ref<ZoneGeometry | null>, drawing: ref(false), load: vi.fn(), finish: vi.fn() }
  let editor!: ReturnType<typeof useZoneEditor>
  mount(
    defineComponent({
      setup() {
        editor = useZoneEditor(layer)
        return () => null
      },
    }),
    { global: { plugins: [createPinia(), i18n] } },
  )
  return { editor, layer }
}

function serve(status: number, body: unknown) {
  const fetch = vi.fn(async (_path: string, _init?: RequestInit) => new Response(JSON.stringify(body), { status }))
  vi.stubGlobal('fetch', fetch)
  return fetch
}

describe('useZoneEditor', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('sends nothing while the drawing crosses itself', async () => {
    const fetch = serve(201, stored(1))
    const { editor } = setup(bowTie)
    editor.start(null)
    editor.form.value = { ...editor.form.value, name: '交叉', team: '一中队' }
    expect(editor.clientProblems.value.map((p) => p.kind)).toEqual(['selfIntersection'])
    expect(editor.canSave.value).toBe(false)
    expect(await editor.save()).toBeNull()
    expect(fetch).not.toHaveBeenCalled()
  })

  it('saves an edit with the version it started from, and on a 409 says so instead of overwriting', async () => {
    const { editor, layer } = setup(square)
    editor.start(stored(3))
    expect(layer.load).toHaveBeenCalledWith(expect.objectContaining({ id: 5 }))
    const fetch = serve(409, { error: { code: 'conflict', message: 'changed by someone else', currentVersion: 4 } })
    expect(await editor.save()).toBeNull()
    expect(fetch.mock.calls[0]![0]).toBe('/api/zones/5')
    expect(JSON.parse(String(fetch.mock.calls[0]![1]!.body))).toMatchObject({ version: 3, name: '南门' })
    expect(editor.conflict.value).toBe(4)
    expect(editor.editing.value).toEqual({ id: 5, version: 3 })

    // Reload takes the stored zone, at its new version.
    serve(200, stored(4))
    await editor.reload()
    await flushPromises()
    expect(editor.conflict.value).toBeNull()
    expect(editor.editing.value).toEqual({ id: 5, version: 4 })
  })

  it('creates a new zone from the form and the drawing, then ends the edit', async () => {
    const { editor, layer } = setup(square)
    editor.start(null)
    editor.form.value = { ...editor.form.value, name: '新区', team: '一中队' }
    const fetch = serve(201, stored(1))
    expect((await editor.save())?.id).toBe(5)
    expect(fetch.mock.calls[0]![0]).toBe('/api/zones')
    expect(JSON.parse(String(fetch.mock.calls[0]![1]!.body))).toMatchObject({ name: '新区', geometry: square })
    expect(layer.finish).toHaveBeenCalled()
    expect(editor.editing.value).toBeNull()
    expect(editor.saved.value?.id).toBe(5)
  })

  it("shows the server's geometry reason at its place", async () => {
    const { editor } = setup(square)
    editor.start(null)
    editor.form.value = { ...editor.form.value, name: '新区', team: '一中队' }
    serve(400, {
      error: { code: 'validation_failed', message: 'bad', details: [{ field: 'geometry', reason: 'Ring Self-intersection', at: [106.84, 32.357] }] },
    })
    expect(await editor.save()).toBeNull()
    expect(editor.serverProblems.value).toEqual([{ kind: 'reason', reason: 'Ring Self-intersection', at: [106.84, 32.357] }])
  })
})
