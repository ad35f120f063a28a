/**
 * Photos are made smaller on the phone before they are sent: a phone's 12-megapixel photo is 3–6 MB, a
 * slow link's minute; at 1,600 px on the long side it is about 300 KB and shows the problem as well.
 * Drawn on a canvas and encoded again as JPEG, which also leaves the photo's metadata (its GPS position
 * among it) on the phone; the server decodes and re-encodes it once more, whatever a client sent.
 * The browser's own decoder and canvas do this (createImageBitmap applies the EXIF orientation): no
 * library needed for a resize.
 */
export const PHOTO_MAX_SIDE = 1600
const JPEG_QUALITY = 0.85

/** The size within `max` on the long side, keeping the aspect; a smaller image keeps its own. */
export function fitWithin(width: number, height: number, max = PHOTO_MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

/** The photo as a JPEG of at most PHOTO_MAX_SIDE px; rejects what the browser cannot decode as an image. */
export async function resizePhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height)
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('no 2D canvas in this browser')
    ctx.drawImage(bitmap, 0, 0, width, height)
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the photo could not be encoded'))), 'image/jpeg', JPEG_QUALITY),
    )
  } finally {
    bitmap.close()
  }
}
