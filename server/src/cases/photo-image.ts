import sharp, { type Metadata } from 'sharp'
import { Slots } from '../slots.ts'

/**
 * Case photos as images: every upload is decoded with libvips (sharp), judged by what it decodes to,
 * and re-encoded, so what is stored and served is pixels we wrote — never the uploaded bytes, their
 * metadata (EXIF GPS, camera serials, XMP, comments) or anything smuggled behind a valid header.
 */

/** The most pixels an upload may have: 40 MP decodes to ~120 MB of RGB; larger ones are refused from their header. */
export const PHOTO_MAX_PIXELS = 40_000_000
/** The long side of a thumbnail: lists show 72 px tiles, so this is sharp on 4× screens and still a few KB. */
export const THUMBNAIL_SIZE = 320
/**
 * How many images are decoded at once. sharp runs on libuv's thread pool (4 threads, shared with file
 * reads); on a 2-core server two decodes of one libvips thread each keep a core and pool threads free
 * for the rest of the server, and bound the memory of big images to two at a time.
 */
const MAX_DECODES = 2
/** What the decoder must refuse: errors and truncation, not mere warnings (which real phone JPEGs raise). */
const FAIL_ON = 'error' as const

// Process-wide libvips settings (sharp is used for case photos only):
// - only the JPEG, PNG and WebP loaders may run, so TIFF, SVG, HEIF, PDF… are refused before any
//   parser of theirs reads a byte of untrusted input;
// - one libvips thread per image (see MAX_DECODES), and no operation cache: uploads are never reread.
sharp.block({ operation: ['VipsForeignLoad'] })
sharp.unblock({ operation: ['VipsForeignLoadJpeg', 'VipsForeignLoadPng', 'VipsForeignLoadWebp'] })
sharp.concurrency(1)
sharp.cache(false)

const ACCEPTED: Partial<Record<string, string>> = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP' }

/** Why an upload is refused, for the `photos.N` detail of a 400. */
export const PHOTO_REASONS = {
  notAnImage: (name: string) => `${name} is not a JPEG, PNG or WebP image`,
  unsupported: (name: string, format: string) => `${name}: unsupported format ${format} (JPEG, PNG or WebP only)`,
  damaged: (name: string, format: string) => `${name} is a damaged or incomplete ${format} image`,
  tooManyPixels: (name: string, width: number, height: number) =>
    `${name} has more than ${PHOTO_MAX_PIXELS / 1_000_000} megapixels (${width}×${height})`,
}

/** A photo as stored: re-encoded, upright, without metadata, with its thumbnail. */
export interface EncodedPhoto {
  bytes: Buffer
  contentType: 'image/jpeg'
  width: number
  height: number
  thumbnail: Buffer
  thumbnailContentType: 'image/jpeg'
}

export type PhotoResult = { ok: true; photo: EncodedPhoto } | { ok: false; reason: string }

/**
 * Decode one upload and re-encode it. Accepted by the decoded format only (JPEG, PNG, WebP), at most
 * PHOTO_MAX_PIXELS, fully decodable; turned upright by its EXIF orientation, then written afresh.
 *
 * Written as JPEG quality 85: every browser, mail client and office program opens it (case photos get
 * forwarded with reports), q85 looks the same as the original for photos at a fraction of a PNG's
 * size, and it encodes fast. WebP would be ~25% smaller but does not open everywhere a photo ends up.
 * Transparency (PNG, WebP) is flattened onto white. Metadata is dropped: sharp writes none unless
 * asked (keepMetadata/withMetadata), and the colours are converted to sRGB so no ICC profile is needed.
 */
export function encodePhoto(input: Uint8Array, name: string): Promise<PhotoResult> {
  return limited(async () => {
    let meta: Metadata
    try {
      // The header only, so that an oversized image can be named with its size before any pixel is read.
      meta = await sharp(input, { limitInputPixels: false, failOn: FAIL_ON }).metadata()
    } catch {
      const other = otherFormat(input)
      return { ok: false, reason: other ? PHOTO_REASONS.unsupported(name, other) : PHOTO_REASONS.notAnImage(name) }
    }
    const format = ACCEPTED[meta.format]
    if (!format) return { ok: false, reason: PHOTO_REASONS.unsupported(name, meta.format.toUpperCase()) }
    if (meta.width * meta.height > PHOTO_MAX_PIXELS) {
      return { ok: false, reason: PHOTO_REASONS.tooManyPixels(name, meta.width, meta.height) }
    }
    try {
      const full = await sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: FAIL_ON })
        .rotate()
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 85 })
        .toBuffer({ resolveWithObject: true })
      const thumbnail = await thumbnailOf(full.data)
      return {
        ok: true,
        photo: {
          bytes: full.data,
          contentType: 'image/jpeg',
          width: full.info.width,
          height: full.info.height,
          thumbnail: thumbnail.data,
          thumbnailContentType: 'image/jpeg',
        },
      }
    } catch {
      return { ok: false, reason: PHOTO_REASONS.damaged(name, format) }
    }
  })
}

/**
 * A thumbnail of an image already stored (this server's re-encoded JPEG, or an original kept from
 * before re-encoding): at most THUMBNAIL_SIZE px on the long side, upright, JPEG without metadata, with
 * the upright size of the image it came from. Rejects when the image does not decode under the upload rules.
 */
export function makeThumbnail(image: Uint8Array): Promise<{ data: Buffer; width: number; height: number }> {
  return limited(async () => {
    const meta = await sharp(image, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: FAIL_ON }).metadata()
    if (!ACCEPTED[meta.format]) throw new Error(`unsupported format ${meta.format}`)
    const { data } = await thumbnailOf(image)
    return { data, width: meta.autoOrient.width, height: meta.autoOrient.height }
  })
}

function thumbnailOf(image: Uint8Array) {
  return sharp(image, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: FAIL_ON })
    .rotate()
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 80 })
    .toBuffer({ resolveWithObject: true })
}

/**
 * The name of a common image format other than the three, from its first bytes — only to say which
 * format was refused (its loader is blocked, so libvips cannot name it); acceptance never rests on this.
 */
function otherFormat(b: Uint8Array): string | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to))
  if (ascii(0, 4) === 'GIF8') return 'GIF'
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'TIFF'
  if (ascii(0, 2) === 'BM') return 'BMP'
  if (ascii(4, 8) === 'ftyp' && /^(avif|avis)$/.test(ascii(8, 12))) return 'AVIF'
  if (ascii(4, 8) === 'ftyp' && /^(heic|heix|heim|heis|mif1|msf1)$/.test(ascii(8, 12))) return 'HEIF'
  if (ascii(0, 5) === '%PDF-') return 'PDF'
  if (/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(new TextDecoder().decode(b.subarray(0, 512)))) return 'SVG'
  return null
}

/** At most MAX_DECODES images decoded at once. */
const decodes = new Slots(MAX_DECODES)
const limited = <T>(task: () => Promise<T>): Promise<T> => decodes.run(task)
