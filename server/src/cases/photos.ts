import fs from 'node:fs/promises'
import path from 'node:path'
import type { ErrorDetail } from '@citygrid/shared'
import type { Config } from '../config.ts'
import type { Queryable } from '../db/transaction.ts'
import { ValidationError } from '../http/errors.ts'

export type PhotoRules = Config['photos']
type ImageType = 'image/jpeg' | 'image/png' | 'image/webp'
const EXTENSION: Record<ImageType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }

/** The image type from the file's first bytes — the declared type and name are not trusted. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  const at = (i: number, ...b: number[]) => b.every((v, k) => bytes[i + k] === v)
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp'
  return null
}

export interface CheckedPhoto {
  bytes: Uint8Array
  contentType: ImageType
}

/** Check every uploaded file before anything is written; all reasons at once. */
export async function checkPhotos(files: File[], rules: PhotoRules): Promise<CheckedPhoto[]> {
  const problems: ErrorDetail[] = []
  if (files.length > rules.maxPerAction) problems.push({ field: 'photos', reason: `at most ${rules.maxPerAction} photos per action` })
  const checked: CheckedPhoto[] = []
  for (const [i, file] of files.entries()) {
    if (file.size > rules.maxBytes) {
      problems.push({ field: `photos.${i}`, reason: `${file.name || 'photo'} is larger than ${Math.round(rules.maxBytes / 1024)} KiB` })
      continue
    }
    const bytes = new Uint8Array(await file.arrayBuffer())
    const contentType = sniffImage(bytes)
    if (!contentType || bytes.length === 0) problems.push({ field: `photos.${i}`, reason: `${file.name || 'photo'} is not a JPEG, PNG or WebP image` })
    else checked.push({ bytes, contentType })
  }
  if (problems.length) throw new ValidationError(problems)
  return checked
}

/**
 * Store photos of one history entry: files under `<dir>/<incident>/`, rows in case_photos, inside
 * the action's transaction. Returns the paths written, so the caller can remove them if the
 * transaction does not commit.
 */
export async function storePhotos(
  tx: Queryable,
  rules: PhotoRules,
  incidentId: number,
  historyId: number,
  kind: 'before' | 'after',
  photos: CheckedPhoto[],
  written: string[],
): Promise<void> {
  if (photos.length === 0) return
  const dir = path.join(rules.dir, String(incidentId))
  await fs.mkdir(dir, { recursive: true })
  for (const [i, photo] of photos.entries()) {
    const file = path.join(dir, `${historyId}-${i + 1}.${EXTENSION[photo.contentType]}`)
    await fs.writeFile(file, photo.bytes)
    written.push(file)
    await tx.query(
      `INSERT INTO case_photos (history_id, kind, content_type, bytes, path) VALUES ($1, $2, $3, $4, $5)`,
      [historyId, kind, photo.contentType, photo.bytes.length, path.relative(rules.dir, file)],
    )
  }
}

export async function removeFiles(paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => fs.rm(p, { force: true })))
}

export async function findPhoto(
  db: Queryable,
  id: number,
): Promise<{ path: string; contentType: string; department: string | null } | undefined> {
  const r = await db.query<{ path: string; contentType: string; department: string | null }>(
    `SELECT p.path, p.content_type AS "contentType", i.department_code AS department
     FROM case_photos p
     JOIN case_history h ON h.id = p.history_id
     JOIN incidents i ON i.id = h.incident_id
     WHERE p.id = $1`,
    [id],
  )
  return r.rows[0]
}
