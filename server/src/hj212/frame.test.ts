import { describe, expect, it } from 'vitest'
import { frame, Hj212Deframer, MAX_PACKET_BYTES, MAX_SEGMENT_BYTES, type Deframed } from './frame.ts'
import { HJ212_REASONS } from './reasons.ts'

/** The example packet widely quoted from HJ 212-2017 (its CRC is checked in crc.test.ts). */
const EXAMPLE = '##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n'
const EXAMPLE_SEGMENT = EXAMPLE.slice(6, -6)

const segmentNo = (n: number) =>
  `QN=2026120108000000${n % 10};ST=22;CN=2011;PW=123456;MN=DUST${n};Flag=5;CP=&&DataTime=20261201080000;a34002-Rtd=4${n}.2,a34002-Flag=N&&`
const packet = (n: number) => frame(segmentNo(n))
const bytes = (text: string) => Buffer.from(text, 'latin1')

/** A repeatable byte stream (mulberry32), so that a failure can be replayed. */
function randomBytes(seed: number, length: number): Buffer {
  let a = seed
  const out = Buffer.alloc(length)
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff
  }
  return out
}

/** Push reads one after another, collecting everything found. */
function run(reads: Uint8Array[], deframer = new Hj212Deframer()): Deframed[] {
  return reads.flatMap((r) => deframer.push(r))
}
const segments = (found: Deframed[]) => found.flatMap((f) => (f.ok ? [f.segment] : []))
const reasons = (found: Deframed[]) => found.flatMap((f) => (f.ok ? [] : [f.reason]))

describe('frame', () => {
  it('builds the standard example packet byte for byte', () => {
    expect(frame(EXAMPLE_SEGMENT).toString('latin1')).toBe(EXAMPLE)
  })

  it('refuses a segment over 1,024 bytes or outside printable ASCII', () => {
    expect(() => frame('x'.repeat(MAX_SEGMENT_BYTES + 1))).toThrow(RangeError)
    expect(frame('x'.repeat(MAX_SEGMENT_BYTES)).length).toBe(MAX_PACKET_BYTES)
    expect(() => frame('MN=粉尘')).toThrow(RangeError)
    expect(() => frame('QN=1\r\n')).toThrow(RangeError)
  })
})

describe('Hj212Deframer', () => {
  it('finds one packet in one read', () => {
    expect(run([bytes(EXAMPLE)])).toEqual([{ ok: true, segment: EXAMPLE_SEGMENT }])
  })

  it('finds several packets in one read, in order', () => {
    const found = run([Buffer.concat([packet(1), packet(2), packet(3)])])
    expect(found).toEqual([1, 2, 3].map((n) => ({ ok: true, segment: segmentNo(n) })))
  })

  it('finds packets split across two reads at every byte boundary', () => {
    const stream = Buffer.concat([packet(1), packet(2)])
    for (let cut = 1; cut < stream.length; cut++) {
      const deframer = new Hj212Deframer()
      const found = run([stream.subarray(0, cut), stream.subarray(cut)], deframer)
      expect(found, `cut at ${cut}`).toEqual([
        { ok: true, segment: segmentNo(1) },
        { ok: true, segment: segmentNo(2) },
      ])
      expect(deframer.pending).toBe(0)
    }
  })

  it('finds packets arriving one byte per read', () => {
    const stream = Buffer.concat([packet(1), packet(2)])
    const found = run([...stream].map((b) => Uint8Array.of(b)))
    expect(segments(found)).toEqual([segmentNo(1), segmentNo(2)])
    expect(reasons(found)).toEqual([])
  })

  it('accepts a CRC written in lower case', () => {
    const lower = EXAMPLE.replace('1C80', '1c80')
    expect(run([bytes(lower)])).toEqual([{ ok: true, segment: EXAMPLE_SEGMENT }])
  })

  it('reports a wrong CRC, then reads the next packet', () => {
    const found = run([Buffer.concat([bytes(EXAMPLE.replace('1C80', '1C81')), packet(2)])])
    expect(reasons(found)).toEqual(['crc'])
    expect(found[0]).toMatchObject({ ok: false, message: expect.stringContaining('1C80') })
    expect(segments(found)).toEqual([segmentNo(2)])
  })

  it('reports a CRC field that is not hex', () => {
    expect(reasons(run([bytes(EXAMPLE.replace('1C80', '1CZ0')), packet(2)]))).toEqual(['crc'])
  })

  it('reports a length longer than the packet at its \\r\\n, without waiting for more bytes', () => {
    const deframer = new Hj212Deframer()
    const found = deframer.push(bytes(EXAMPLE.replace('##0101', '##0110')))
    expect(reasons(found)).toEqual(['length'])
    expect(found[0]).toMatchObject({ message: expect.stringContaining('says 110 bytes but the packet ends after 101') })
    expect(deframer.pending).toBe(0)
    expect(segments(deframer.push(packet(2)))).toEqual([segmentNo(2)])
  })

  it('reports a length shorter than the packet once, and reads the next packet', () => {
    const found = run([Buffer.concat([bytes(EXAMPLE.replace('##0101', '##0090')), packet(2)])])
    expect(reasons(found)).toEqual(['length'])
    expect(segments(found)).toEqual([segmentNo(2)])
  })

  it('reports a packet cut short by the next one, and reads that one', () => {
    const cut = packet(1).subarray(0, 60)
    const found = run([cut, packet(2)])
    expect(reasons(found)).toEqual(['truncated'])
    expect(segments(found)).toEqual([segmentNo(2)])
  })

  it('reports a packet left unfinished when the connection ends', () => {
    const deframer = new Hj212Deframer()
    expect(segments(deframer.push(Buffer.concat([packet(1), packet(2).subarray(0, 30)])))).toEqual([segmentNo(1)])
    expect(reasons(deframer.end())).toEqual(['truncated'])
    expect(deframer.pending).toBe(0)
    expect(deframer.end()).toEqual([])
  })

  it('resynchronises on the next ## when a packet lost its ##', () => {
    const headless = bytes(EXAMPLE.slice(2))
    const found = run([Buffer.concat([headless, packet(2)])])
    expect(reasons(found)).toEqual(['garbage'])
    expect(segments(found)).toEqual([segmentNo(2)])
  })

  it('finds a ## right after a stray #, and keeps a trailing # for the next read', () => {
    const deframer = new Hj212Deframer()
    const stream = Buffer.concat([bytes('x#'), packet(1)])
    const first = deframer.push(stream.subarray(0, 3)) // 'x##': the ## could start a packet
    expect(reasons(first)).toEqual(['garbage'])
    expect(segments(deframer.push(stream.subarray(3)))).toEqual([segmentNo(1)])
    expect(segments(run([bytes('#'), packet(2)]))).toEqual([segmentNo(2)])
  })

  it('reports an oversized packet once, drops its body, and reads the next packet', () => {
    const body = 'x'.repeat(2000)
    const found = run([bytes(`##2000${body}ABCD\r\n`), packet(2)])
    expect(reasons(found)).toEqual(['oversized'])
    expect(segments(found)).toEqual([segmentNo(2)])
  })

  it('reports an oversized packet spread over many reads once, holding back at most a byte', () => {
    const deframer = new Hj212Deframer()
    const found = deframer.push(bytes('##9999'))
    for (let i = 0; i < 9; i++) {
      found.push(...deframer.push(bytes('y'.repeat(1111))))
      expect(deframer.pending).toBeLessThanOrEqual(1)
    }
    found.push(...deframer.push(bytes('ABCD\r\n')), ...deframer.push(packet(3)))
    expect(reasons(found)).toEqual(['oversized'])
    expect(segments(found)).toEqual([segmentNo(3)])
  })

  it('drops no more after a bad packet than it could have held: later bytes are garbage', () => {
    const found = run([bytes(`##1500${'z'.repeat(3000)}`), packet(5)])
    expect(reasons(found)).toEqual(['oversized', 'garbage'])
    expect(found[1]).toMatchObject({ message: expect.stringContaining(`${3000 - 1500 - 6} byte(s)`) })
    expect(segments(found)).toEqual([segmentNo(5)])
  })

  it('survives binary garbage, ## included, and still reads the packet after it', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const noise = randomBytes(seed, 3000)
      // Scatter headers into the noise: bare ##, ## with a plausible length, ## with a huge one.
      bytes('##').copy(noise, 100)
      bytes('##0042').copy(noise, 700)
      bytes('##0999').copy(noise, 1500)
      bytes('##1025').copy(noise, 2500)
      const found = run([noise, packet(7)])
      expect(segments(found), `seed ${seed}`).toEqual([segmentNo(7)])
      expect(reasons(found).length).toBeGreaterThan(0)
      for (const r of reasons(found)) expect(HJ212_REASONS).toContain(r)
    }
  })

  it('keeps what it holds back bounded on a never-ending stream of garbage', () => {
    const deframer = new Hj212Deframer()
    let garbageReports = 0
    for (let i = 0; i < 2000; i++) {
      const noise = randomBytes(1000 + i, 512)
      if (i % 3 === 0) bytes('##0900').copy(noise, i % 500) // a header that never completes
      garbageReports += reasons(deframer.push(noise)).filter((r) => r === 'garbage').length
      expect(deframer.pending).toBeLessThanOrEqual(MAX_PACKET_BYTES)
    }
    expect(garbageReports).toBeGreaterThan(1000)
    // …and a good packet afterwards is still read (the last partial header, if any, is reported cut short).
    const after = deframer.push(Buffer.concat([bytes('\r\n'), packet(4)]))
    expect(segments(after)).toEqual([segmentNo(4)])
  })

  it('reports garbage once per run within a read, not once per byte', () => {
    const found = run([Buffer.concat([bytes('hello world\r\n'), packet(1), bytes('more noise'), packet(2)])])
    expect(found.map((f) => (f.ok ? 'ok' : f.reason))).toEqual(['garbage', 'ok', 'garbage', 'ok'])
  })
})
