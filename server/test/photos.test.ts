import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { PNG_1X1, signIn, startTestPlatform } from './platform.ts'

/**
 * Case photos over HTTP (#11): uploads are decoded and re-encoded, refused with the reason when they
 * are not a JPEG, PNG or WebP image of at most 40 megapixels (and nothing of the action is kept), and
 * served — full size and as a thumbnail — with their stored type, nosniff and no metadata left.
 */
let platform: Platform
let photoDir: string
const who: Record<string, string> = {}

beforeAll(async () => {
  photoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'citygrid-photos-'))
  platform = await startTestPlatform({ env: { PHOTO_DIR: photoDir } })
  for (const u of ['operator', 'inspector']) who[u] = await signIn(platform.url, u)
})
afterAll(async () => {
  await platform?.close()
  if (photoDir) await fs.rm(photoDir, { recursive: true, force: true })
})

async function reportedCase(): Promise<number> {
  const res = await fetch(`${platform.url}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: who.inspector! },
    body: JSON.stringify({ classCode: '0504', title: '占道经营', location: { type: 'Point', coordinates: [106.8405, 32.3561] } }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: number }).id
}

/** File case `id` as the operator, with these photos. */
function fileWith(id: number, files: [Uint8Array, string, string?][]): Promise<Response> {
  const form = new FormData()
  form.set('action', 'file')
  for (const [bytes, name, type] of files) form.append('photos', new Blob([bytes], type ? { type } : {}), name)
  return fetch(`${platform.url}/api/cases/${id}/actions`, { method: 'POST', headers: { cookie: who.operator! }, body: form })
}

interface Photo {
  id: number
  url: string
  thumbnailUrl: string
  contentType: string
  bytes: number
  width: number | null
  height: number | null
}
const lastPhotos = async (res: Response) => ((await res.json()) as { history: { photos: Photo[] }[] }).history.at(-1)!.photos
const get = (url: string, user = 'inspector') => fetch(platform.url + url, { headers: { cookie: who[user]! } })

/** The files stored for case `id` (none when its folder does not exist). */
const filesOf = (id: number) => fs.readdir(path.join(photoDir, String(id))).catch(() => [] as string[])
const countRows = async (id: number) =>
  (
    await platform.backend.pool.query<{ history: number; photos: number }>(
      `SELECT count(*)::int AS history,
              (SELECT count(*)::int FROM case_photos p JOIN case_history h ON h.id = p.history_id WHERE h.case_id = $1) AS photos
       FROM case_history WHERE case_id = $1`,
      [id],
    )
  ).rows[0]!

/** Upload `files` to a fresh case: 400 with these details, and nothing kept — no history entry, no row, no file. */
async function expectRefused(files: [Uint8Array, string, string?][], details: { field: string; reason: string }[]) {
  const id = await reportedCase()
  const res = await fileWith(id, files)
  expect(res.status, await res.clone().text()).toBe(400)
  const body = (await res.json()) as ErrorBody
  expect(body.error.code).toBe('validation_failed')
  expect(body.error.details).toEqual(details)
  expect(await countRows(id)).toEqual({ history: 1, photos: 0 })
  expect(await filesOf(id)).toEqual([])
}

describe('uploads are decoded, not trusted by their first bytes', () => {
  it('refuses PNG magic followed by text, even declared image/png', async () => {
    const fake = Buffer.concat([PNG_1X1.subarray(0, 8), Buffer.from('<?php system($_GET["c"]); ?>')])
    await expectRefused([[PNG_1X1, 'ok.png'], [fake, 'scene.png', 'image/png']], [{ field: 'photos.1', reason: 'scene.png is not a JPEG, PNG or WebP image' }])
  })

  it('refuses JPEG magic followed by HTML', async () => {
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html><script>alert(document.cookie)</script></html>')])
    await expectRefused([[fake, 'page.jpg', 'image/jpeg']], [{ field: 'photos.0', reason: 'page.jpg is not a JPEG, PNG or WebP image' }])
  })

  it('refuses GIF and TIFF, naming the format', async () => {
    const image = sharp({ create: { width: 16, height: 16, channels: 3, background: '#888' } })
    await expectRefused(
      [
        [await image.clone().gif().toBuffer(), 'anim.gif', 'image/gif'],
        [await image.clone().tiff().toBuffer(), 'scan.jpg', 'image/jpeg'],
      ],
      [
        { field: 'photos.0', reason: 'anim.gif: unsupported format GIF (JPEG, PNG or WebP only)' },
        { field: 'photos.1', reason: 'scan.jpg: unsupported format TIFF (JPEG, PNG or WebP only)' },
      ],
    )
  })

  it('refuses more than 40 megapixels, with the size', async () => {
    const huge = await sharp({ create: { width: 7000, height: 6000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer() // 42 MP in ~130 KB: well under PHOTO_MAX_BYTES
    await expectRefused([[huge, 'huge.png', 'image/png']], [{ field: 'photos.0', reason: 'huge.png has more than 40 megapixels (7000×6000)' }])
  })
})

describe('stored and served re-encoded', () => {
  it('a phone JPEG with EXIF GPS is stored upright without any metadata, with a thumbnail of at most 320 px', async () => {
    const phone = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#4a6' } })
      .withExif({
        IFD0: { Make: 'CityCam', Model: 'X1' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '32/1 21/1 2064/100', GPSLongitudeRef: 'E', GPSLongitude: '106/1 50/1 2580/100' },
      })
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 90 })
      .toBuffer()
    expect((await sharp(phone).metadata()).exif).toBeDefined()
    const id = await reportedCase()
    const res = await fileWith(id, [[phone, 'IMG_0001.JPG', 'image/jpeg']])
    expect(res.status, await res.clone().text()).toBe(200)
    const [photo] = await lastPhotos(res)
    expect(photo).toMatchObject({ contentType: 'image/jpeg', width: 1500, height: 2000, thumbnailUrl: `/api/photos/${photo!.id}/thumbnail` })

    // On disk: the image and its thumbnail, neither with EXIF (GPS or otherwise) nor any other metadata.
    const files = (await filesOf(id)).sort()
    expect(files).toHaveLength(2)
    for (const file of files) {
      const bytes = await fs.readFile(path.join(photoDir, String(id), file))
      const meta = await sharp(bytes).metadata()
      expect(meta.format).toBe('jpeg')
      for (const key of ['exif', 'xmp', 'iptc', 'icc', 'orientation'] as const) expect(meta[key], `${file} ${key}`).toBeUndefined()
      expect(bytes.includes(Buffer.from('CityCam'))).toBe(false)
    }

    const full = await get(photo!.url)
    expect(full.status).toBe(200)
    expect(Object.fromEntries(full.headers)).toMatchObject({
      'content-type': 'image/jpeg',
      'x-content-type-options': 'nosniff',
      'content-disposition': `inline; filename="case-photo-${photo!.id}.jpg"`,
      'cache-control': 'private, max-age=86400',
    })
    const fullBytes = Buffer.from(await full.arrayBuffer())
    expect(fullBytes.length).toBe(photo!.bytes)
    expect((await sharp(fullBytes).metadata()).exif).toBeUndefined()

    const thumb = await get(photo!.thumbnailUrl)
    expect(thumb.status).toBe(200)
    expect(Object.fromEntries(thumb.headers)).toMatchObject({
      'content-type': 'image/jpeg',
      'x-content-type-options': 'nosniff',
      'content-disposition': `inline; filename="case-photo-${photo!.id}-thumbnail.jpg"`,
      'cache-control': 'private, max-age=86400',
    })
    const t = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()
    expect(t).toMatchObject({ format: 'jpeg', width: 240, height: 320 })
    expect(t.exif).toBeUndefined()
    // Behind the same checks as the case.
    expect((await fetch(platform.url + photo!.thumbnailUrl)).status).toBe(401)
  })

  it('the 1×1 PNG fixture is still accepted, stored as a JPEG', async () => {
    const res = await fileWith(await reportedCase(), [[PNG_1X1, 'scene.png']])
    expect(res.status, await res.clone().text()).toBe(200)
    const [photo] = await lastPhotos(res)
    expect(photo).toMatchObject({ contentType: 'image/jpeg', width: 1, height: 1 })
    expect((await get(photo!.thumbnailUrl)).status).toBe(200)
  })
})

describe('photos stored before re-encoding', () => {
  /** A row as the old code wrote it: the upload's bytes as they came, no thumbnail, no size. */
  async function legacyPhoto(bytes: Uint8Array, contentType: string): Promise<number> {
    const id = await reportedCase()
    const history = (await platform.backend.pool.query<{ id: number }>('SELECT id::int AS id FROM case_history WHERE case_id = $1', [id])).rows[0]!.id
    const rel = path.join(String(id), `${history}-1.png`)
    await fs.mkdir(path.join(photoDir, String(id)), { recursive: true })
    await fs.writeFile(path.join(photoDir, rel), bytes)
    const r = await platform.backend.pool.query<{ id: number }>(
      `INSERT INTO case_photos (history_id, kind, content_type, bytes, path) VALUES ($1, 'before', $2, $3, $4) RETURNING id::int AS id`,
      [history, contentType, bytes.length, rel],
    )
    return r.rows[0]!.id
  }

  it('keep their original, and get a thumbnail made on first request', async () => {
    const original = await sharp({ create: { width: 1000, height: 500, channels: 3, background: '#36c' } }).png().toBuffer()
    const id = await legacyPhoto(original, 'image/png')
    const full = await get(`/api/photos/${id}`)
    expect(full.headers.get('content-type')).toBe('image/png')
    expect(full.headers.get('x-content-type-options')).toBe('nosniff')
    expect(Buffer.from(await full.arrayBuffer()).equals(original)).toBe(true)

    const [a, b] = await Promise.all([get(`/api/photos/${id}/thumbnail`), get(`/api/photos/${id}/thumbnail`)])
    for (const res of [a!, b!]) {
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/jpeg')
      expect(await sharp(Buffer.from(await res.arrayBuffer())).metadata()).toMatchObject({ width: 320, height: 160 })
    }
    const row = await platform.backend.pool.query('SELECT thumbnail_content_type, width, height FROM case_photos WHERE id = $1', [id])
    expect(row.rows[0]).toEqual({ thumbnail_content_type: 'image/jpeg', width: 1000, height: 500 })
  })

  it('one that never was an image has no thumbnail, and its original is still served only as what it was stored as', async () => {
    const fake = Buffer.concat([PNG_1X1.subarray(0, 8), Buffer.from('<html><script>alert(1)</script></html>')])
    const id = await legacyPhoto(fake, 'image/png')
    expect((await get(`/api/photos/${id}/thumbnail`)).status).toBe(404)
    const full = await get(`/api/photos/${id}`)
    expect(full.status).toBe(200)
    expect(full.headers.get('content-type')).toBe('image/png')
    expect(full.headers.get('x-content-type-options')).toBe('nosniff')
  })
})

describe('photos sent with a report', () => {
  /** Report a case as `user` in a form: its fields, the location as JSON text, these photos. */
  function reportWith(files: [Uint8Array, string, string?][], user: string | null = 'inspector', location = '{"type":"Point","coordinates":[106.8405,32.3561]}') {
    const form = new FormData()
    form.set('classCode', '0103')
    form.set('title', '渣土堆积')
    form.set('address', '红光路口')
    form.set('location', location)
    for (const [bytes, name, type] of files) form.append('photos', new Blob([bytes], type ? { type } : {}), name)
    return fetch(`${platform.url}/api/cases`, { method: 'POST', headers: user ? { cookie: who[user]! } : {}, body: form })
  }
  const lastCaseId = async () => (await platform.backend.pool.query<{ id: number }>('SELECT max(id)::int AS id FROM cases')).rows[0]!.id

  it('are stored as before-photos of the report, re-encoded, and the case is the reporter\'s', async () => {
    const res = await reportWith([[PNG_1X1, 'scene.png', 'image/png']])
    expect(res.status).toBe(201)
    const created = (await res.json()) as { id: number; source: string; address: string; addressDerived: boolean }
    expect(created).toMatchObject({ source: 'inspector', address: '红光路口', addressDerived: false })
    const detail = (await (await get(`/api/cases/${created.id}`)).json()) as { history: { action: string; photos: (Photo & { kind: string })[] }[] }
    expect(detail.history.map((h) => h.action)).toEqual(['report'])
    expect(detail.history[0]!.photos.map((p) => [p.kind, p.contentType])).toEqual([['before', 'image/jpeg']])
    expect((await get(detail.history[0]!.photos[0]!.url)).status).toBe(200)
    expect(await filesOf(created.id)).toHaveLength(2) // the photo and its thumbnail
  })

  it('refuse the whole report when one photo is bad: no case, no row, no file', async () => {
    const before = await lastCaseId()
    const res = await reportWith([[PNG_1X1, 'good.png', 'image/png'], [new TextEncoder().encode('<html>'), 'bad.jpg', 'image/jpeg']])
    expect(res.status).toBe(400)
    const body = (await res.json()) as ErrorBody
    expect(body.error.details?.map((d) => d.field)).toEqual(['photos.1'])
    expect(await lastCaseId()).toBe(before)
    expect(await filesOf(before + 1)).toEqual([])
  })

  it('read the form\'s fields as the JSON body\'s: a bad location or class is named', async () => {
    const res = await reportWith([], 'inspector', 'not json')
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.details?.[0]).toMatchObject({ field: 'location' })
    const form = new FormData()
    form.set('classCode', '9999')
    form.set('title', 't')
    form.set('location', '{"type":"Point","coordinates":[106.8405,32.3561]}')
    const bad = await fetch(`${platform.url}/api/cases`, { method: 'POST', headers: { cookie: who.inspector! }, body: form })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as ErrorBody).error.details?.map((d) => d.field)).toContain('classCode')
  })

  it('need a signed-in reporter', async () => {
    const before = await lastCaseId()
    expect((await reportWith([[PNG_1X1, 'scene.png', 'image/png']], null)).status).toBe(401)
    expect(await lastCaseId()).toBe(before)
  })
})
