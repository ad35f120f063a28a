import { inflateSync } from 'node:zlib'

/** An 8-bit RGBA image. */
export interface Rgba8Image {
  width: number
  height: number
  data: Uint8Array
}

const SIGNATURE = '89504e470d0a1a0a'

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

function predict(filter: number, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0
    case 1:
      return left
    case 2:
      return up
    case 3:
      return (left + up) >> 1
    case 4:
      return paeth(left, up, upLeft)
    default:
      throw new Error(`bad PNG row filter ${filter}`)
  }
}

/**
 * Decode the PNGs Chromium writes for screenshots: 8-bit RGB or RGBA, not interlaced. Enough to count
 * colours without a dependency; anything else is refused loudly.
 */
export function decodePng(buf: Buffer): Rgba8Image {
  if (buf.subarray(0, 8).toString('hex') !== SIGNATURE) throw new Error('not a PNG')
  let width = 0
  let height = 0
  let channels = 0
  const idat: Buffer[] = []
  for (let pos = 8; pos < buf.length; ) {
    const length = buf.readUInt32BE(pos)
    const type = buf.toString('ascii', pos + 4, pos + 8)
    const body = buf.subarray(pos + 8, pos + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const [depth, colorType, , , interlace] = body.subarray(8, 13)
      if (depth !== 8 || interlace !== 0 || (colorType !== 2 && colorType !== 6)) {
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colorType}, interlace ${interlace}`)
      }
      channels = colorType === 6 ? 4 : 3
    } else if (type === 'IDAT') idat.push(body)
    else if (type === 'IEND') break
    pos += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const pixels = new Uint8Array(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!
    const src = y * (stride + 1) + 1
    const row = y * stride
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[row + x - channels]! : 0
      const up = y > 0 ? pixels[row - stride + x]! : 0
      const upLeft = y > 0 && x >= channels ? pixels[row - stride + x - channels]! : 0
      pixels[row + x] = (raw[src + x]! + predict(filter, left, up, upLeft)) & 255
    }
  }
  if (channels === 4) return { width, height, data: pixels }
  const data = new Uint8Array(width * height * 4)
  for (let i = 0, j = 0; i < pixels.length; i += 3, j += 4) {
    data[j] = pixels[i]!
    data[j + 1] = pixels[i + 1]!
    data[j + 2] = pixels[i + 2]!
    data[j + 3] = 255
  }
  return { width, height, data }
}

/** Distinct colours inside a rectangle, quantised to 5 bits a channel so anti-aliasing noise doesn't count. */
export function distinctColours(img: Rgba8Image, x0: number, y0: number, x1: number, y1: number): number {
  const seen = new Set<number>()
  for (let y = y0; y < Math.min(y1, img.height); y++) {
    for (let x = x0; x < Math.min(x1, img.width); x++) {
      const i = (y * img.width + x) * 4
      seen.add(((img.data[i]! >> 3) << 10) | ((img.data[i + 1]! >> 3) << 5) | (img.data[i + 2]! >> 3))
    }
  }
  return seen.size
}
