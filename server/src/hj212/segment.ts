import { DATA_COMMANDS, DATA_FLAG, metricOf, type Hj212Kind, type Hj212Metric } from './codes.ts'

/**
 * The data segment of an HJ 212-2017 packet, parsed:
 * `QN=…;ST=…;CN=…;PW=…;MN=…;Flag=…;[PNUM=…;PNO=…;]CP=&&…&&`. CP holds `DataTime=yyyyMMddHHmmss;`
 * then one group per pollutant, groups separated by `;` and a group's fields by `,`
 * (`a34002-Rtd=45.2,a34002-Flag=N;a34004-Rtd=…`). Pure: no I/O; a segment either parses into a
 * typed packet or is refused with the field that is wrong.
 */

/**
 * The `Flag` byte, as HJ 212-2017 defines it (bits V5 V4 V3 V2 V1 V0 D A, high to low):
 * - A (bit 0, value 1): the sender asks for an answer (命令是否应答) — Flag=5 asks, Flag=4 does not;
 * - D (bit 1, value 2): the packet is one of several (是否有数据包序号: `PNUM` packets, this one `PNO`);
 * - V5…V0 (bits 2–7): the standard's version, 000000 HJ/T 212-2005, 000001 HJ 212-2017 (hence 4, 5).
 * A newer revision (HJ 212-2025, version 000010) sends 8 and 9; its bit 0 still marks a request.
 */
export interface Hj212Flag {
  value: number
  answerRequested: boolean
  split: boolean
  version: number
}

/** One pollutant or parameter of a data packet, numbers as sent (no unit conversion). */
export interface Hj212Value {
  /** The code as sent, e.g. `a34002`. */
  code: string
  /** What the platform calls it; null for a code it does not map (kept all the same). */
  metric: Hj212Metric | null
  /** `-Rtd` for real-time data (2011), `-Avg` for minute and hour data (2051, 2061); null if absent. */
  value: number | null
  /** `-Min` and `-Max` of minute and hour data. */
  min: number | null
  max: number | null
  /** The data flag (`-Flag`, one letter), null when the device sent none. */
  flag: string | null
  /** Every field of the group as sent, by suffix (`Rtd`, `Flag`, `Cou`, …). */
  fields: Record<string, string>
}

export interface Hj212Packet {
  /** Request id, yyyyMMddHHmmssSSS (device clock); echoed in an answer. Null if absent. */
  qn: string | null
  st: string
  cn: string
  pw: string
  /** The device (monitoring point) id, at most 24 characters. */
  mn: string
  /** Null when the segment has no Flag (HJ/T 212-2005 style): no answer asked for. */
  flag: Hj212Flag | null
  /** Split packets (flag D): how many, and which this is (from 1). */
  pnum: number | null
  pno: number | null
  /** The data command this is (CN 2011, 2051, 2061), or null for any other CN: parsed, but not taken. */
  kind: Hj212Kind | null
  /** `DataTime`, the device's China time (UTC+8, no DST), as an ISO UTC instant. Required for data. */
  dataTime: string | null
  values: Hj212Value[]
  /** CP fields that are not per pollutant (`DataTime`, `RtdInterval`, …), as sent. */
  cp: Record<string, string>
}

export type ParsedSegment = { ok: true; packet: Hj212Packet } | { ok: false; reason: 'syntax'; field: string; message: string }

class SyntaxFault {
  constructor(
    readonly field: string,
    readonly message: string,
  ) {}
}

const HEADER_FIELDS = new Set(['QN', 'ST', 'CN', 'PW', 'MN', 'Flag', 'PNUM', 'PNO'])
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/
const CP_KEY = /^[A-Za-z0-9]+(-[A-Za-z0-9]+)?$/
const CHINA_OFFSET_MS = 8 * 3_600_000

/** Parse a data segment (as the deframer yields it). Never throws on bad input. */
export function parseSegment(segment: string): ParsedSegment {
  try {
    return { ok: true, packet: parse(segment) }
  } catch (e) {
    if (e instanceof SyntaxFault) return { ok: false, reason: 'syntax', field: e.field, message: e.message }
    throw e
  }
}

function parse(segment: string): Hj212Packet {
  if (!/^[\x20-\x7e]*$/.test(segment)) throw new SyntaxFault('segment', 'holds bytes outside printable ASCII')
  const cpAt = segment.indexOf('CP=&&')
  if (cpAt === -1) throw new SyntaxFault('CP', 'no CP=&&…&& field')
  if (cpAt > 0 && segment[cpAt - 1] !== ';') throw new SyntaxFault('CP', 'CP does not follow a ;')
  if (segment.length < cpAt + 7 || !segment.endsWith('&&')) throw new SyntaxFault('CP', 'CP does not end with && at the end of the segment')

  const header = pairs(segment.slice(0, Math.max(cpAt - 1, 0)), /;/, 'header')
  for (const key of header.keys()) {
    if (!HEADER_FIELDS.has(key)) throw new SyntaxFault(key, `'${key}' is not an HJ 212 header field`)
  }
  const need = (key: string, pattern: RegExp, what: string): string => {
    const v = header.get(key)
    if (v === undefined) throw new SyntaxFault(key, `${key} is missing`)
    if (!pattern.test(v)) throw new SyntaxFault(key, `${key}='${v}' is not ${what}`)
    return v
  }
  const optional = (key: string, pattern: RegExp, what: string): string | null => (header.has(key) ? need(key, pattern, what) : null)

  const qn = optional('QN', /^\d{17}$/, 'yyyyMMddHHmmssSSS')
  const st = need('ST', /^\d{1,5}$/, 'a system code')
  const cn = need('CN', /^\d{4}$/, 'a four-digit command code')
  const pw = need('PW', /^.+$/, 'a password')
  const mn = need('MN', /^.{1,24}$/, '1 to 24 characters')
  const flagText = optional('Flag', /^\d{1,3}$/, 'a number')
  const flag = flagText === null ? null : flagOf(Number(flagText))
  if (flag?.answerRequested && qn === null) throw new SyntaxFault('QN', 'an answer is asked for but there is no QN to echo')
  const pnum = optional('PNUM', /^\d{1,4}$/, 'a packet count')
  const pno = optional('PNO', /^\d{1,4}$/, 'a packet number')

  const command = Object.hasOwn(DATA_COMMANDS, cn) ? DATA_COMMANDS[cn as keyof typeof DATA_COMMANDS] : null
  const cpFields = pairs(segment.slice(cpAt + 5, -2), /[;,]/, 'CP')
  const cp: Record<string, string> = {}
  const groups = new Map<string, Record<string, string>>()
  for (const [key, v] of cpFields) {
    const dash = key.indexOf('-')
    if (dash === -1) {
      cp[key] = v
      continue
    }
    const code = key.slice(0, dash)
    const fields = groups.get(code) ?? {}
    fields[key.slice(dash + 1)] = v
    groups.set(code, fields)
  }

  let dataTime: string | null = null
  if (cp.DataTime !== undefined) {
    dataTime = chinaTimeToIso(cp.DataTime)
    if (dataTime === null) throw new SyntaxFault('DataTime', `DataTime='${cp.DataTime}' is no date and time yyyyMMddHHmmss`)
  } else if (command) {
    throw new SyntaxFault('DataTime', `CN ${cn} data has no DataTime`)
  }

  const values = [...groups].map(([code, fields]): Hj212Value => {
    const num = (suffix: string): number | null => {
      const text = fields[suffix]
      if (text === undefined) return null
      if (!NUMBER.test(text)) throw new SyntaxFault(`${code}-${suffix}`, `${code}-${suffix}='${text}' is not a number`)
      return Number(text)
    }
    const rtd = num('Rtd')
    const avg = num('Avg')
    const value = command === null ? null : command.valueField === 'Rtd' ? rtd : avg
    const flagLetter = fields.Flag ?? null
    if (flagLetter !== null && !DATA_FLAG.test(flagLetter)) throw new SyntaxFault(`${code}-Flag`, `${code}-Flag='${flagLetter}' is not one letter`)
    return {
      code,
      metric: metricOf(code),
      value,
      min: num('Min'),
      max: num('Max'),
      flag: flagLetter,
      fields,
    }
  })

  return {
    qn,
    st,
    cn,
    pw,
    mn,
    flag,
    pnum: pnum === null ? null : Number(pnum),
    pno: pno === null ? null : Number(pno),
    kind: command?.kind ?? null,
    dataTime,
    values,
    cp,
  }
}

/** `key=value` pairs separated by `separator`; a repeated key, or a part without `=`, is a fault. */
function pairs(text: string, separator: RegExp, where: 'header' | 'CP'): Map<string, string> {
  const out = new Map<string, string>()
  if (text === '') return out
  for (const part of text.split(separator)) {
    if (part === '' && where === 'CP') continue // `…;&&` and `;;` are common in CP and harmless
    const eq = part.indexOf('=')
    const key = eq === -1 ? '' : part.slice(0, eq)
    if (eq === -1 || (where === 'CP' ? !CP_KEY.test(key) : key === '')) {
      throw new SyntaxFault(where, `'${part}' in ${where} is not key=value`)
    }
    const value = part.slice(eq + 1)
    if (where === 'CP' && /[=&]/.test(value)) throw new SyntaxFault(key, `${key}='${value}' holds = or &`)
    if (out.has(key)) throw new SyntaxFault(key, `${key} appears twice`)
    out.set(key, value)
  }
  return out
}

function flagOf(value: number): Hj212Flag {
  if (!Number.isInteger(value) || value < 0 || value > 255) throw new SyntaxFault('Flag', `Flag=${value} is not a byte`)
  return { value, answerRequested: (value & 1) !== 0, split: (value & 2) !== 0, version: value >> 2 }
}

/**
 * `yyyyMMddHHmmss` (some devices add `SSS`) on the device's clock, China time (UTC+8, no daylight
 * saving), as an ISO UTC instant; null when it is no such date and time.
 */
export function chinaTimeToIso(text: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})?$/.exec(text)
  if (!m) return null
  const [year, month, day, hour, minute, second, milli] = m.slice(1).map((p) => Number(p ?? 0)) as [
    number, number, number, number, number, number, number,
  ]
  const asUtc = new Date(Date.UTC(year, month - 1, day, hour, minute, second, milli))
  // Date.UTC rolls 31 April over to 1 May (and reads years below 100 as 19xx): compare back.
  if (
    asUtc.getUTCFullYear() !== year ||
    asUtc.getUTCMonth() !== month - 1 ||
    asUtc.getUTCDate() !== day ||
    asUtc.getUTCHours() !== hour ||
    asUtc.getUTCMinutes() !== minute ||
    asUtc.getUTCSeconds() !== second
  ) {
    return null
  }
  return new Date(asUtc.getTime() - CHINA_OFFSET_MS).toISOString()
}
