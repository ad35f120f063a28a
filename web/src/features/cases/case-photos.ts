/**
 * Photos with a case action, checked in the browser before they are sent. The server is the judge: it
 * decodes each file (server/src/cases/photo-image.ts), takes JPEG, PNG or WebP of at most 40 megapixels
 * by what it decodes to, and stores it re-encoded without metadata; its reasons arrive as `photos.N`.
 * These checks (type as declared, size, count) only save a pointless upload and say why at once. The
 * limits are the server's defaults: PHOTO_MAX_BYTES 5 MiB, six per action.
 */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
/** For `<input type=file accept=…>`. */
export const PHOTO_ACCEPT = PHOTO_TYPES.join(',')
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024
export const PHOTO_MAX_COUNT = 6

/** Message keys (i18n `photo.*`) of what is wrong with one file. */
export type PhotoProblem = 'badType' | 'tooLarge'

/** The part of a File the checks read. */
export type PhotoLike = Pick<File, 'name' | 'type' | 'size'>

export function isPhotoType(type: string): boolean {
  return (PHOTO_TYPES as readonly string[]).includes(type)
}

/** Why one file may not be sent, or null: a type other than JPEG/PNG/WebP (or empty), or over the size limit. */
export function checkPhoto(file: PhotoLike): PhotoProblem | null {
  if (!isPhotoType(file.type) || file.size === 0) return 'badType'
  if (file.size > PHOTO_MAX_BYTES) return 'tooLarge'
  return null
}

export interface PhotosCheck {
  ok: boolean
  /** By file, in order: its problem or null. */
  problems: (PhotoProblem | null)[]
  /** How many files over PHOTO_MAX_COUNT (0 when within it). */
  tooMany: number
}

/** Every file's problem and whether there are too many; `ok` when all may be sent. */
export function checkPhotos(files: readonly PhotoLike[]): PhotosCheck {
  const problems = files.map(checkPhoto)
  const tooMany = Math.max(0, files.length - PHOTO_MAX_COUNT)
  return { ok: tooMany === 0 && problems.every((p) => p === null), problems, tooMany }
}

/** A server reason about the photos: about file `index`, or (index null) about them all, e.g. too many. */
export interface PhotoReason {
  index: number | null
  reason: string
}

const PHOTO_FIELD = /(?:^|\.)photos(?:\.(\d+))?$/

/** The reasons among a 400's details that are about photos (`photos.N` or `photos`), in order. */
export function photoReasons(details: readonly { field: string; reason: string }[]): PhotoReason[] {
  const reasons: PhotoReason[] = []
  for (const d of details) {
    const m = PHOTO_FIELD.exec(d.field)
    if (m) reasons.push({ index: m[1] === undefined ? null : Number(m[1]), reason: d.reason })
  }
  return reasons
}

/** A file size for people: "12 B", "820 KB", "4.8 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
