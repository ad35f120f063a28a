import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { CaseStatus, ErrorDetail, CaseSource } from '@citygrid/shared'
import type { Config } from '../config.ts'
import type { Queryable } from '../db/transaction.ts'
import { ValidationError } from '../http/errors.ts'
import { encodePhoto, makeThumbnail, type EncodedPhoto } from './photo-image.ts'

export type PhotoRules = Config['photos']
export type CheckedPhoto = EncodedPhoto

const EXTENSION = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const
/** Content types a stored photo may have (new ones are all JPEG; older rows may be PNG or WebP). */
export const PHOTO_CONTENT_TYPES = Object.keys(EXTENSION) as (keyof typeof EXTENSION)[]
export const extensionOf = (contentType: string): string => EXTENSION[contentType as keyof typeof EXTENSION] ?? 'bin'

/**
 * Check every uploaded file before anything is written, all reasons at once: the count, each size,
 * then each file decoded and re-encoded (photo-image.ts). CPU work: callers run it before their
 * transaction, holding no database connection.
 */
export async function checkPhotos(files: File[], rules: PhotoRules): Promise<CheckedPhoto[]> {
  if (files.length > rules.maxPerAction) {
    // Too many is refused whatever the files are: no point decoding any of them.
    throw new ValidationError([{ field: 'photos', reason: `at most ${rules.maxPerAction} photos per action` }])
  }
  const problems: ErrorDetail[] = []
  const checked: CheckedPhoto[] = []
  for (const [i, file] of files.entries()) {
    const name = file.name || 'photo'
    if (file.size > rules.maxBytes) {
      problems.push({ field: `photos.${i}`, reason: `${name} is larger than ${Math.round(rules.maxBytes / 1024)} KiB` })
      continue
    }
    // One at a time: a request's photos do not take every decoding slot of the server.
    const result = await encodePhoto(new Uint8Array(await file.arrayBuffer()), name)
    if (result.ok) checked.push(result.photo)
    else problems.push({ field: `photos.${i}`, reason: result.reason })
  }
  if (problems.length) throw new ValidationError(problems)
  return checked
}

/**
 * Store photos of one history entry: image and thumbnail under `<dir>/<case>/`, rows in
 * case_photos, inside the action's transaction. Adds the paths written to `written`, so the caller
 * can remove them if the transaction does not commit.
 */
export async function storePhotos(
  tx: Queryable,
  rules: PhotoRules,
  caseId: number,
  historyId: number,
  kind: 'before' | 'after',
  photos: CheckedPhoto[],
  written: string[],
): Promise<void> {
  if (photos.length === 0) return
  const dir = path.join(rules.dir, String(caseId))
  await fs.mkdir(dir, { recursive: true })
  for (const [i, photo] of photos.entries()) {
    const file = path.join(dir, `${historyId}-${i + 1}.${extensionOf(photo.contentType)}`)
    const thumb = path.join(dir, `${historyId}-${i + 1}-thumb.${extensionOf(photo.thumbnailContentType)}`)
    for (const [to, bytes] of [[file, photo.bytes], [thumb, photo.thumbnail]] as const) {
      await fs.writeFile(to, bytes)
      written.push(to)
    }
    await tx.query(
      `INSERT INTO case_photos (history_id, kind, content_type, bytes, path, width, height,
                                thumbnail_path, thumbnail_content_type, thumbnail_bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        historyId,
        kind,
        photo.contentType,
        photo.bytes.length,
        path.relative(rules.dir, file),
        photo.width,
        photo.height,
        path.relative(rules.dir, thumb),
        photo.thumbnailContentType,
        photo.thumbnail.length,
      ],
    )
  }
}

export async function removeFiles(paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => fs.rm(p, { force: true })))
}

export interface StoredPhoto {
  path: string
  contentType: string
  /** Of the case, for `assertInCaseScope`. */
  department: string | null
  source: CaseSource
  status: CaseStatus
  thumbnailPath: string | null
  thumbnailContentType: string | null
}

export async function findPhoto(db: Queryable, id: number): Promise<StoredPhoto | undefined> {
  const r = await db.query<StoredPhoto>(
    `SELECT p.path, p.content_type AS "contentType", i.department_code AS department, i.source, i.status,
            p.thumbnail_path AS "thumbnailPath", p.thumbnail_content_type AS "thumbnailContentType"
     FROM case_photos p
     JOIN case_history h ON h.id = p.history_id
     JOIN cases i ON i.id = h.case_id
     WHERE p.id = $1`,
    [id],
  )
  return r.rows[0]
}

/**
 * The thumbnail of a photo, made now for a row stored before thumbnails were (its original file as it
 * was uploaded): written beside the original (atomically — two first requests may race) and recorded
 * with the image's size. Null when that original does not decode as a JPEG, PNG or WebP image.
 * No connection is held while the image is decoded.
 */
export async function ensureThumbnail(
  db: Queryable,
  rules: PhotoRules,
  id: number,
  photo: StoredPhoto,
): Promise<{ path: string; contentType: string } | null> {
  if (photo.thumbnailPath) return { path: photo.thumbnailPath, contentType: photo.thumbnailContentType! }
  const original = await fs.readFile(path.join(rules.dir, photo.path))
  const made = await makeThumbnail(original).catch(() => null)
  if (!made) return null
  const rel = `${photo.path.replace(/\.[^./\\]*$/, '')}-thumb.jpg`
  const file = path.join(rules.dir, rel)
  const temp = `${file}.${randomUUID()}.tmp`
  await fs.writeFile(temp, made.data)
  await fs.rename(temp, file)
  await db.query(
    `UPDATE case_photos
     SET thumbnail_path = $2, thumbnail_content_type = 'image/jpeg', thumbnail_bytes = $3,
         width = coalesce(width, $4), height = coalesce(height, $5)
     WHERE id = $1 AND thumbnail_path IS NULL`,
    [id, rel, made.data.length, made.width, made.height],
  )
  return { path: rel, contentType: 'image/jpeg' }
}
