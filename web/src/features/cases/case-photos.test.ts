import { describe, expect, it } from 'vitest'
import { checkPhoto, checkPhotos, formatBytes, PHOTO_ACCEPT, PHOTO_MAX_BYTES, photoReasons, type PhotoLike } from './case-photos.ts'

const photo = (name: string, type: string, size = 1000): PhotoLike => ({ name, type, size })

describe('case photos', () => {
  it('accepts JPEG, PNG and WebP up to 5 MiB', () => {
    expect(PHOTO_ACCEPT).toBe('image/jpeg,image/png,image/webp')
    expect(PHOTO_MAX_BYTES).toBe(5 * 1024 * 1024)
    for (const type of ['image/jpeg', 'image/png', 'image/webp']) expect(checkPhoto(photo('a', type)), type).toBeNull()
    expect(checkPhoto(photo('big.jpg', 'image/jpeg', PHOTO_MAX_BYTES))).toBeNull()
  })

  it('refuses other types by MIME, empty files, and files over the limit', () => {
    for (const type of ['image/gif', 'image/heic', 'image/svg+xml', 'application/pdf', 'text/plain', '']) {
      expect(checkPhoto(photo('x', type)), type).toBe('badType')
    }
    expect(checkPhoto(photo('empty.png', 'image/png', 0))).toBe('badType')
    expect(checkPhoto(photo('huge.jpg', 'image/jpeg', PHOTO_MAX_BYTES + 1))).toBe('tooLarge')
  })

  it('checks a list: each file, and at most six', () => {
    const six = Array.from({ length: 6 }, (_, i) => photo(`${i}.jpg`, 'image/jpeg'))
    expect(checkPhotos([])).toEqual({ ok: true, problems: [], tooMany: 0 })
    expect(checkPhotos(six)).toMatchObject({ ok: true, tooMany: 0 })
    expect(checkPhotos([...six, photo('7.png', 'image/png')])).toMatchObject({ ok: false, tooMany: 1 })
    expect(checkPhotos([photo('a.jpg', 'image/jpeg'), photo('b.gif', 'image/gif'), photo('c.webp', 'image/webp', PHOTO_MAX_BYTES * 2)])).toEqual({
      ok: false,
      problems: [null, 'badType', 'tooLarge'],
      tooMany: 0,
    })
  })

  it('picks the photo reasons out of a 400, by file', () => {
    expect(
      photoReasons([
        { field: 'comment', reason: 'a reason is required' },
        { field: 'photos', reason: 'at most 6 photos per action' },
        { field: 'photos.0', reason: 'big.jpg is larger than 5120 KiB' },
        { field: 'body.photos.12', reason: 'evil.png is not a JPEG, PNG or WebP image' },
        { field: 'photosx.1', reason: 'not ours' },
      ]),
    ).toEqual([
      { index: null, reason: 'at most 6 photos per action' },
      { index: 0, reason: 'big.jpg is larger than 5120 KiB' },
      { index: 12, reason: 'evil.png is not a JPEG, PNG or WebP image' },
    ])
  })

  it('writes sizes for people', () => {
    expect(formatBytes(70)).toBe('70 B')
    expect(formatBytes(840_000)).toBe('820 KB')
    expect(formatBytes(PHOTO_MAX_BYTES)).toBe('5.0 MB')
  })
})
