import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { encodePhoto, makeThumbnail, PHOTO_REASONS, THUMBNAIL_SIZE, type PhotoResult } from './photo-image.ts'

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
const blank = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#3a7' } })
const refused = (r: PhotoResult) => (r.ok ? 'accepted' : r.reason)
/** Whether an EXIF block points at a GPS IFD (tag 0x8825, either byte order). */
const hasGpsIfd = (exif: Buffer) => exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]))

describe('case photos are decoded, judged by what they decode to, and re-encoded', () => {
  it('refuses a valid header followed by something else', async () => {
    const pngText = Buffer.concat([PNG_1X1.subarray(0, 8), Buffer.from('this is text, not a picture')])
    const jpegHtml = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('<html><script>alert(1)</script></html>')])
    expect(refused(await encodePhoto(pngText, 'a.png'))).toBe(PHOTO_REASONS.notAnImage('a.png'))
    expect(refused(await encodePhoto(jpegHtml, 'b.jpg'))).toBe(PHOTO_REASONS.notAnImage('b.jpg'))
    expect(refused(await encodePhoto(new Uint8Array(0), 'empty.png'))).toBe('empty.png is not a JPEG, PNG or WebP image')
  })

  it('refuses truncated images', async () => {
    const jpeg = await blank(400, 300).jpeg().toBuffer()
    const png = await blank(400, 300).png().toBuffer()
    expect(refused(await encodePhoto(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'cut.jpg'))).toBe('cut.jpg is a damaged or incomplete JPEG image')
    expect(refused(await encodePhoto(png.subarray(0, png.length - 20), 'cut.png'))).toBe('cut.png is a damaged or incomplete PNG image')
  })

  it('refuses other image formats by name', async () => {
    expect(refused(await encodePhoto(await blank(20, 20).gif().toBuffer(), 'x.png'))).toBe('x.png: unsupported format GIF (JPEG, PNG or WebP only)')
    expect(refused(await encodePhoto(await blank(20, 20).tiff().toBuffer(), 'x.jpg'))).toBe('x.jpg: unsupported format TIFF (JPEG, PNG or WebP only)')
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="20" height="20"/></svg>')
    expect(refused(await encodePhoto(svg, 'x.svg'))).toBe('x.svg: unsupported format SVG (JPEG, PNG or WebP only)')
  })

  it('refuses more than 40 megapixels from the header, naming the size', async () => {
    const huge = await blank(7000, 6000).png({ compressionLevel: 9 }).toBuffer() // ~130 KB
    expect(refused(await encodePhoto(huge, 'huge.png'))).toBe('huge.png has more than 40 megapixels (7000×6000)')
    const over = await blank(6325, 6325).png({ compressionLevel: 9 }).toBuffer() // 40,005,625 pixels
    expect(refused(await encodePhoto(over, 'over.png'))).toBe('over.png has more than 40 megapixels (6325×6325)')
  })

  it('accepts JPEG, PNG and WebP, and writes an upright JPEG without any metadata, with a thumbnail', async () => {
    const gpsJpeg = await blank(1600, 1200)
      .withExif({
        IFD0: { Make: 'CityCam', Model: 'X1' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '32/1 21/1 2064/100', GPSLongitudeRef: 'E', GPSLongitude: '106/1 50/1 2580/100' },
      })
      .withMetadata({ orientation: 6 }) // taken with the phone turned: shown 1200 wide, 1600 high
      .jpeg()
      .toBuffer()
    const before = await sharp(gpsJpeg).metadata()
    expect(before.orientation).toBe(6)
    expect(hasGpsIfd(before.exif!)).toBe(true)

    const r = await encodePhoto(gpsJpeg, 'scene.jpg')
    if (!r.ok) throw new Error(r.reason)
    expect(r.photo).toMatchObject({ contentType: 'image/jpeg', width: 1200, height: 1600, thumbnailContentType: 'image/jpeg' })
    const stored = await sharp(r.photo.bytes).metadata()
    expect(stored).toMatchObject({ format: 'jpeg', width: 1200, height: 1600 })
    for (const key of ['exif', 'icc', 'xmp', 'iptc', 'orientation', 'comments'] as const) expect(stored[key], key).toBeUndefined()
    expect(r.photo.bytes.includes(Buffer.from('CityCam'))).toBe(false)
    const thumb = await sharp(r.photo.thumbnail).metadata()
    expect(thumb).toMatchObject({ format: 'jpeg', width: 240, height: THUMBNAIL_SIZE })
    expect(thumb.exif).toBeUndefined()

    for (const input of [PNG_1X1, await blank(30, 20).webp().toBuffer()]) {
      const ok = await encodePhoto(input, 'p')
      expect(ok.ok && (await sharp(ok.photo.bytes).metadata()).format).toBe('jpeg')
    }
  })

  it('makes a thumbnail of an image stored before re-encoding, or refuses one that is none', async () => {
    const landscape = await blank(1000, 500).png().toBuffer()
    const t = await makeThumbnail(landscape)
    expect({ width: t.width, height: t.height }).toEqual({ width: 1000, height: 500 })
    expect(await sharp(t.data).metadata()).toMatchObject({ format: 'jpeg', width: THUMBNAIL_SIZE, height: 160 })
    await expect(makeThumbnail(Buffer.concat([PNG_1X1.subarray(0, 8), Buffer.from('text')]))).rejects.toThrow()
  })
})
