import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../i18n/index.ts'
import type { PhotoReason } from './case-photos.ts'
import PhotoPicker from './PhotoPicker.vue'

const file = (name: string, type: string, size = 100) => new File([new Uint8Array(size)], name, { type })

// jsdom has no object URLs: count what is made and revoked.
let made: string[]
let revoked: string[]
beforeEach(() => {
  made = []
  revoked = []
  let n = 0
  URL.createObjectURL = vi.fn(() => {
    const url = `blob:test/${++n}`
    made.push(url)
    return url
  })
  URL.revokeObjectURL = vi.fn((url: string) => void revoked.push(url))
})
afterEach(() => vi.restoreAllMocks())

function mountPicker(files: File[] = [], reasons: PhotoReason[] = []) {
  const wrapper = mount(PhotoPicker, {
    props: {
      modelValue: files,
      'onUpdate:modelValue': (v: File[]) => wrapper.setProps({ modelValue: v }),
      label: '现场照片（处置前）',
      kind: 'before' as const,
      reasons,
    },
    global: { plugins: [i18n] },
  })
  return wrapper
}

/** Choose files in the gallery input as a browser would. */
async function choose(wrapper: ReturnType<typeof mountPicker>, files: File[]) {
  const input = wrapper.get('input[data-testid=photo-input]')
  Object.defineProperty(input.element, 'files', { value: files, configurable: true })
  await input.trigger('change')
}

describe('PhotoPicker', () => {
  it('offers JPEG/PNG/WebP, several at once, and a camera input for phones', () => {
    const wrapper = mountPicker()
    expect(wrapper.get('legend').text()).toBe('现场照片（处置前）')
    const gallery = wrapper.get('input[data-testid=photo-input]')
    expect(gallery.attributes()).toMatchObject({ accept: 'image/jpeg,image/png,image/webp', multiple: '' })
    expect(wrapper.get('input[capture=environment]').attributes('accept')).toBe('image/jpeg,image/png,image/webp')
  })

  it('adds chosen photos with previews, says what is wrong, and revokes previews as photos go', async () => {
    const wrapper = mountPicker()
    await choose(wrapper, [file('a.jpg', 'image/jpeg'), file('notes.txt', 'text/plain')])
    await choose(wrapper, [file('b.png', 'image/png', 6 * 1024 * 1024)])
    const items = wrapper.findAll('[data-testid=photo-list] li')
    expect(items.map((li) => li.get('.name').text())).toEqual(['a.jpg', 'notes.txt', 'b.png'])
    expect(made).toHaveLength(2) // no preview of a text file
    expect(items[0]!.get('img').attributes('src')).toBe(made[0])
    expect(items[0]!.find('.reason').exists()).toBe(false)
    expect(items[1]!.get('.reason').text()).toBe('notes.txt 不是 JPEG、PNG 或 WebP 图片')
    expect(items[2]!.get('.reason').text()).toBe('b.png 超过 5 MB')

    await items[2]!.get('button.remove').trigger('click')
    expect(revoked).toEqual([made[1]])
    expect(wrapper.findAll('[data-testid=photo-list] li')).toHaveLength(2)

    wrapper.unmount()
    expect(revoked).toEqual([made[1], made[0]])
  })

  it('says when there are more than six', async () => {
    const wrapper = mountPicker()
    await choose(wrapper, Array.from({ length: 8 }, (_, i) => file(`${i}.webp`, 'image/webp')))
    expect(wrapper.findAll('p[data-testid=photo-reason]').map((p) => p.text())).toEqual(['每次最多 6 张照片，请移除 2 张'])
  })

  it('shows the server’s reasons next to the file they name, and the rest below the list', () => {
    const wrapper = mountPicker(
      [file('ok.png', 'image/png'), file('evil.png', 'image/png')],
      [
        { index: 1, reason: 'evil.png is not a JPEG, PNG or WebP image' },
        { index: null, reason: 'at most 6 photos per action' },
      ],
    )
    const items = wrapper.findAll('[data-testid=photo-list] li')
    expect(items[0]!.find('.reason').exists()).toBe(false)
    expect(items[1]!.get('.reason').text()).toBe('evil.png is not a JPEG, PNG or WebP image')
    expect(wrapper.findAll('p[data-testid=photo-reason]').map((p) => p.text())).toEqual(['at most 6 photos per action'])
  })
})
