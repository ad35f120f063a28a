import { crcHex, hj212Crc } from './crc.ts'
import type { Hj212Reason } from './reasons.ts'

/**
 * HJ 212-2017 framing over TCP: `##`, the data segment's length in four decimal digits, the data
 * segment (at most 1,024 bytes), its CRC in four hex digits, `\r\n`. A TCP read may hold part of a
 * packet, several packets, or bytes that are no packet at all; `Hj212Deframer` turns reads into data
 * segments and reports everything else with a reason, never throwing and never letting one bad
 * packet hold back the ones after it.
 */

/** The standard's limit on a data segment, in bytes. */
export const MAX_SEGMENT_BYTES = 1024

/** `##` + 4 length digits + segment + 4 CRC digits + `\r\n`: the most a deframer ever holds back. */
export const MAX_PACKET_BYTES = 2 + 4 + MAX_SEGMENT_BYTES + 4 + 2

const HASH = 0x23
const CR = 0x0d
const LF = 0x0a

/** Build a packet around a data segment (printable ASCII, at most 1,024 bytes). */
export function frame(segment: string): Buffer {
  if (!/^[\x20-\x7e]*$/.test(segment)) throw new RangeError('an HJ 212 data segment is printable ASCII')
  if (segment.length > MAX_SEGMENT_BYTES) {
    throw new RangeError(`an HJ 212 data segment is at most ${MAX_SEGMENT_BYTES} bytes, not ${segment.length}`)
  }
  const body = Buffer.from(segment, 'latin1')
  return Buffer.from(`##${String(body.length).padStart(4, '0')}${segment}${crcHex(hj212Crc(body))}\r\n`, 'latin1')
}

/** One thing found in the stream: a data segment whose length and CRC check out, or why not. */
export type Deframed =
  | { ok: true; segment: string }
  | { ok: false; reason: Exclude<Hj212Reason, 'syntax' | 'unsupported'>; message: string }

/** Where the next `\r\n` or `##` starts in `buf[from, to)`, whichever comes first; -1 when neither does. */
function nextMarker(buf: Buffer, from: number, to: number): number {
  for (let i = from; i + 1 < to; i++) {
    if ((buf[i] === CR && buf[i + 1] === LF) || (buf[i] === HASH && buf[i + 1] === HASH)) return i
  }
  return -1
}

/**
 * Stateful deframer for one connection: `push` each read, `end` when the connection closes.
 *
 * Resynchronisation: bytes before a `##` are garbage; a `##` not followed by four digits is not a
 * header. After a bad packet the rest of it (up to its `\r\n`, the next `##`, or as far as it could
 * reach) is dropped without a second report. A `##` inside a packet's declared extent means the
 * packet was cut short (data segments are `;`/`,`/`=`/`&&`-separated fields and never hold `##`): it
 * is reported `truncated` and reading resumes at that `##`, so a lost tail costs one packet, not the
 * next one too. Likewise a `\r\n` before the declared end is reported at once (`length`) rather
 * than waiting for bytes that belong to the next packet.
 *
 * What is held back between reads is bounded by `MAX_PACKET_BYTES` (a partial packet), or one byte
 * (a `#` or `\r` that may start a marker): a stream of garbage never grows it.
 */
export class Hj212Deframer {
  private carry: Buffer = Buffer.alloc(0)
  /**
   * Inside a bad packet: drop up to this many more bytes, as far as its `\r\n` or the next `##`
   * (0: not inside one). Bounded by where the bad packet could end, so garbage after it is reported.
   */
  private skipLeft = 0

  /** Bytes held back for the next read (for tests and metrics; never above `MAX_PACKET_BYTES`). */
  get pending(): number {
    return this.carry.length
  }

  push(chunk: Uint8Array): Deframed[] {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    const out: Deframed[] = []
    let garbage = 0
    const reportGarbage = () => {
      if (garbage) out.push({ ok: false, reason: 'garbage', message: `${garbage} byte(s) outside any packet` })
      garbage = 0
    }
    let pos = 0
    while (pos < buf.length) {
      if (this.skipLeft > 0) {
        const limit = Math.min(buf.length, pos + this.skipLeft)
        const marker = nextMarker(buf, pos, limit)
        if (marker !== -1) {
          pos = buf[marker] === CR ? marker + 2 : marker
          this.skipLeft = 0
        } else if (limit === buf.length) {
          // Still inside the bad packet when the read ends; a last '#' or '\r' may start a marker.
          const last = buf[buf.length - 1]
          const keep = last === HASH || last === CR ? 1 : 0
          this.skipLeft -= buf.length - keep - pos
          pos = buf.length - keep
          break
        } else {
          // The bad packet cannot reach further: what follows is garbage.
          pos = limit
          this.skipLeft = 0
        }
        continue
      }
      const start = buf.indexOf('##', pos, 'latin1')
      if (start === -1) {
        const keep = buf[buf.length - 1] === HASH ? 1 : 0
        garbage += buf.length - keep - pos
        pos = buf.length - keep
        break
      }
      garbage += start - pos
      pos = start
      if (buf.length - start < 6) break // the header has not all arrived
      const digits = buf.toString('latin1', start + 2, start + 6)
      if (!/^\d{4}$/.test(digits)) {
        // Not a header: the first '#' is garbage, and the next one may start a real `##`.
        garbage += 1
        pos = start + 1
        continue
      }
      reportGarbage()
      const length = Number(digits)
      if (length > MAX_SEGMENT_BYTES) {
        out.push({ ok: false, reason: 'oversized', message: `a ${length}-byte data segment is over the ${MAX_SEGMENT_BYTES}-byte limit` })
        pos = start + 6
        this.skipLeft = length + 6
        continue
      }
      const crcAt = start + 6 + length
      const end = crcAt + 6
      const marker = nextMarker(buf, start + 6, Math.min(end, buf.length))
      const terminated = marker === crcAt + 4 && buf[marker] === CR
      if (marker !== -1 && !terminated) {
        if (buf[marker] === HASH) {
          out.push({ ok: false, reason: 'truncated', message: `a packet announcing ${length} bytes was cut short by the next ##` })
          pos = marker
        } else {
          const actual = Math.max(marker - 4 - (start + 6), 0)
          out.push({ ok: false, reason: 'length', message: `the length says ${length} bytes but the packet ends after ${actual}` })
          pos = marker + 2
        }
        continue
      }
      if (buf.length < end) break // the rest of the packet has not arrived
      if (!terminated) {
        // No `\r\n` where the length says, nor before: the length is short of the real segment.
        out.push({ ok: false, reason: 'length', message: `no \\r\\n after the ${length} bytes the length announces` })
        pos = start + 6
        this.skipLeft = MAX_PACKET_BYTES - 6
        continue
      }
      const crcText = buf.toString('latin1', crcAt, crcAt + 4)
      const body = buf.subarray(start + 6, crcAt)
      const expected = hj212Crc(body)
      // Upper case is what the standard writes; lower case is accepted, as some devices send it.
      if (!/^[0-9A-Fa-f]{4}$/.test(crcText) || parseInt(crcText, 16) !== expected) {
        out.push({ ok: false, reason: 'crc', message: `CRC field '${printable(crcText)}', the data segment's is ${crcHex(expected)}` })
      } else {
        out.push({ ok: true, segment: body.toString('latin1') })
      }
      pos = end
    }
    reportGarbage()
    // Copy what is held back, so that a large read is not kept alive by a small remainder.
    this.carry = Buffer.from(buf.subarray(pos))
    return out
  }

  /** The connection closed: report what was left unfinished, and start afresh. */
  end(): Deframed[] {
    const left = this.carry
    const skipping = this.skipLeft > 0
    this.carry = Buffer.alloc(0)
    this.skipLeft = 0
    if (left.length === 0 || skipping) return []
    if (left.length >= 2 && left[0] === HASH && left[1] === HASH) {
      return [{ ok: false, reason: 'truncated', message: `the connection closed ${left.length} byte(s) into a packet` }]
    }
    return [{ ok: false, reason: 'garbage', message: `${left.length} byte(s) outside any packet` }]
  }
}

/** Text from the wire, safe to put in a log line. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?')
}
