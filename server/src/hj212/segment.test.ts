import { describe, expect, it } from 'vitest'
import { chinaTimeToIso, parseSegment, type Hj212Packet } from './segment.ts'

const HEAD = 'QN=20261201080000123;ST=22;PW=123456;MN=NJ-DUST-0001'

function parsed(segment: string): Hj212Packet {
  const result = parseSegment(segment)
  if (!result.ok) throw new Error(`expected ${segment} to parse: ${result.field}: ${result.message}`)
  return result.packet
}

function refused(segment: string): { field: string; message: string } {
  const result = parseSegment(segment)
  if (result.ok) throw new Error(`expected ${segment} to be refused`)
  expect(result.reason).toBe('syntax')
  return result
}

describe('parseSegment', () => {
  it('parses real-time data (CN 2011): the header, DataTime in UTC and each value from -Rtd', () => {
    const p = parsed(
      `${HEAD};CN=2011;Flag=5;CP=&&DataTime=20261201080000;a34002-Rtd=45.2,a34002-Flag=N;a34004-Rtd=30,a34004-Flag=N;` +
        'a34001-Rtd=0.21,a34001-Flag=N;LA-Rtd=62.5,LA-Flag=N;a01001-Rtd=-3.5,a01001-Flag=N;a01002-Rtd=81,a01002-Flag=N;' +
        'a01007-Rtd=2.4,a01007-Flag=N;a01008-Rtd=135,a01008-Flag=N&&',
    )
    expect(p).toMatchObject({ qn: '20261201080000123', st: '22', cn: '2011', pw: '123456', mn: 'NJ-DUST-0001', pnum: null, pno: null })
    expect(p.kind).toBe('realtime')
    expect(p.dataTime).toBe('2026-12-01T00:00:00.000Z')
    expect(p.flag).toEqual({ value: 5, answerRequested: true, split: false, version: 1 })
    expect(p.values.map((v) => [v.metric, v.value, v.flag])).toEqual([
      ['pm10', 45.2, 'N'],
      ['pm25', 30, 'N'],
      ['tsp', 0.21, 'N'], // raw: this device may report mg/m³; converting is not the parser's business
      ['noiseDb', 62.5, 'N'],
      ['temperature', -3.5, 'N'],
      ['humidity', 81, 'N'],
      ['windSpeed', 2.4, 'N'],
      ['windDirection', 135, 'N'],
    ])
    expect(p.values[0]).toMatchObject({ code: 'a34002', min: null, max: null, flag: 'N', fields: { Rtd: '45.2', Flag: 'N' } })
  })

  it('parses minute data (CN 2051): the value is -Avg, with -Min and -Max kept', () => {
    const p = parsed(
      `${HEAD};CN=2051;Flag=4;CP=&&DataTime=20261201081500;a34002-Min=40,a34002-Avg=52.5,a34002-Max=71.25,a34002-Flag=N&&`,
    )
    expect(p.kind).toBe('minute')
    expect(p.dataTime).toBe('2026-12-01T00:15:00.000Z')
    expect(p.flag?.answerRequested).toBe(false)
    expect(p.values).toEqual([
      {
        code: 'a34002',
        metric: 'pm10',
        value: 52.5,
        min: 40,
        max: 71.25,
        flag: 'N',
        fields: { Min: '40', Avg: '52.5', Max: '71.25', Flag: 'N' },
      },
    ])
  })

  it('parses a real hour-data packet (CN 2061) from a public project, keeping unmapped codes', () => {
    // The C181 packet of crc.test.ts: PM1/PM2.5/… by other codes, which are kept but not mapped.
    const p = parsed(
      'QN=20190925181031464;ST=22;CN=2061;PW=BF470F88957588DE902D1A52;MN=Z13401000010301;Flag=5;CP=&&DataTime=20190924220000;' +
        'a34006-Avg=2.69700,a34006-Flag=N;a34007-Avg=7.96600,a34007-Flag=N;a34048-Avg=3.30600,a34048-Flag=N;' +
        'a34047-Avg=7.35700,a34047-Flag=N;a34049-Avg=10.66300,a34049-Flag=N&&',
    )
    expect(p.kind).toBe('hour')
    expect(p.dataTime).toBe('2019-09-24T14:00:00.000Z')
    expect(p.values.map((v) => [v.code, v.metric, v.value])).toEqual([
      ['a34006', null, 2.697],
      ['a34007', null, 7.966],
      ['a34048', null, 3.306],
      ['a34047', null, 7.357],
      ['a34049', null, 10.663],
    ])
  })

  it('parses a real dust-monitor packet (CN 2011) whose groups put -Flag first', () => {
    const p = parsed(
      'QN=20220928142812336;ST=22;CN=2011;PW=123456;MN=JSRCTD000YD107;Flag=5;CP=&&DataTime=20220928142812;' +
        'l01001-Flag=N,l01001-Rtd=119.90287;l01002-Flag=N,l01002-Rtd=32.48505;a34002-Rtd=5,a34002-Flag=N;a34004-Rtd=4,a34004-Flag=N;' +
        'a21026-Rtd=22.25,a21026-Flag=N;a21004-Rtd=22.7,a21004-Flag=N;a21005-Rtd=0.36,a21005-Flag=N;a05024-Rtd=8.82,a05024-Flag=N&&',
    )
    expect(p.dataTime).toBe('2022-09-28T06:28:12.000Z')
    const byMetric = Object.fromEntries(p.values.filter((v) => v.metric).map((v) => [v.metric, v.value]))
    expect(byMetric).toEqual({ pm10: 5, pm25: 4 })
    expect(p.values.find((v) => v.code === 'l01001')).toMatchObject({ metric: null, value: 119.90287 })
  })

  it('keeps every one-letter data flag as sent (which are usable is the database\'s rule), and refuses longer ones', () => {
    const flags = ['N', 'T', 'D', 'M', 'C', 'F', 'S', 'B']
    const groups = flags.map((f, i) => `a3400${i}-Rtd=${10 + i},a3400${i}-Flag=${f}`).join(';')
    const p = parsed(`${HEAD};CN=2011;Flag=4;CP=&&DataTime=20261201080000;${groups}&&`)
    expect(p.values.map((v) => [v.flag, v.value])).toEqual(flags.map((f, i) => [f, 10 + i]))
    for (const bad of ['NN', '1', 'n1']) {
      expect(parseSegment(`${HEAD};CN=2011;Flag=4;CP=&&DataTime=20261201080000;a34002-Rtd=45,a34002-Flag=${bad}&&`)).toMatchObject({
        ok: false,
        field: 'a34002-Flag',
      })
    }
  })

  it('takes a value without a flag, a flag without a value, and the kind\'s value field only', () => {
    const p = parsed(`${HEAD};CN=2011;Flag=4;CP=&&DataTime=20261201080000;a34002-Rtd=45;a34004-Flag=N;a34001-Avg=3,a34001-Flag=N&&`)
    expect(p.values.map((v) => [v.code, v.value, v.flag])).toEqual([
      ['a34002', 45, null],
      ['a34004', null, 'N'],
      ['a34001', null, 'N'], // real-time data's value is -Rtd, not -Avg
    ])
  })

  it('parses other commands but marks them not taken (kind null), their CP kept as sent', () => {
    const p = parsed('QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&')
    expect(p.kind).toBeNull()
    expect(p.dataTime).toBeNull()
    expect(p.cp).toEqual({ RtdInterval: '30' })
    expect(p.values).toEqual([])
    const day = parsed(`${HEAD};CN=2031;Flag=4;CP=&&DataTime=20261201000000;a34002-Avg=80,a34002-Flag=N&&`)
    expect(day.kind).toBeNull()
    expect(day.values[0]).toMatchObject({ value: null, fields: { Avg: '80' } })
  })

  it('reads the Flag bits: A (answer), D (split, with PNUM/PNO) and the version', () => {
    const plain = parsed(`${HEAD};CN=2011;Flag=4;CP=&&DataTime=20261201080000&&`)
    expect(plain.flag).toEqual({ value: 4, answerRequested: false, split: false, version: 1 })
    const split = parsed(`${HEAD};CN=2011;Flag=7;PNUM=3;PNO=2;CP=&&DataTime=20261201080000&&`)
    expect(split.flag).toEqual({ value: 7, answerRequested: true, split: true, version: 1 })
    expect([split.pnum, split.pno]).toEqual([3, 2])
    // No Flag (HJ/T 212-2005 style): nothing to answer.
    expect(parsed('ST=22;CN=2011;PW=123456;MN=A1;CP=&&DataTime=20261201080000&&').flag).toBeNull()
  })

  it('refuses an impossible DataTime, naming the field', () => {
    for (const bad of ['20260231080000', '20261301080000', '20261201240000', '20261201086000', '2026120108000', '2026-12-01T08']) {
      const r = refused(`${HEAD};CN=2011;Flag=4;CP=&&DataTime=${bad};a34002-Rtd=1,a34002-Flag=N&&`)
      expect(r.field, bad).toBe('DataTime')
    }
  })

  it('refuses data without DataTime', () => {
    expect(refused(`${HEAD};CN=2061;Flag=4;CP=&&a34002-Avg=1,a34002-Flag=N&&`).field).toBe('DataTime')
  })

  it('refuses malformed segments, naming the field', () => {
    const cases: [segment: string, field: string][] = [
      [`${HEAD};CN=2011;Flag=4`, 'CP'],
      [`${HEAD};CN=2011;Flag=4;CP=&&DataTime=20261201080000`, 'CP'],
      [`${HEAD};CN=2011;Flag=4CP=&&DataTime=20261201080000&&`, 'CP'],
      ['QN=20261201080000123;ST=22;PW=123456;CN=2011;Flag=4;CP=&&DataTime=20261201080000&&', 'MN'],
      [`${HEAD};CN=201;Flag=4;CP=&&DataTime=20261201080000&&`, 'CN'],
      [`${HEAD};CN=2011;Flag=256;CP=&&DataTime=20261201080000&&`, 'Flag'],
      [`${HEAD};CN=2011;Flag=x;CP=&&DataTime=20261201080000&&`, 'Flag'],
      [`QN=2026120108;ST=22;PW=1;MN=A;CN=2011;Flag=4;CP=&&DataTime=20261201080000&&`, 'QN'],
      [`ST=22;PW=1;MN=A;CN=2011;Flag=5;CP=&&DataTime=20261201080000&&`, 'QN'],
      [`${HEAD};CN=2011;CN=2051;CP=&&DataTime=20261201080000&&`, 'CN'],
      [`${HEAD};CN=2011;Colour=red;CP=&&DataTime=20261201080000&&`, 'Colour'],
      [`${HEAD};CN=2011;Flag=4;CP=&&DataTime=20261201080000;a34002-Rtd=4x5,a34002-Flag=N&&`, 'a34002-Rtd'],
      [`${HEAD};CN=2011;Flag=4;CP=&&DataTime=20261201080000;a34002-Rtd=1;a34002-Rtd=2&&`, 'a34002-Rtd'],
      [`${HEAD};CN=2011;Flag=4;CP=&&DataTime=20261201080000;a34002-Rtd&&`, 'CP'],
      [`QN=20261201080000123;ST=22;PW=123456;MN=${'M'.repeat(25)};CN=2011;Flag=4;CP=&&DataTime=20261201080000&&`, 'MN'],
      [`${HEAD};CN=2011;Flag=4;CP=&&DataTime=20261201080000;a34002-Rtd=1\u00b5&&`, 'segment'],
    ]
    for (const [segment, field] of cases) expect(refused(segment).field, segment).toBe(field)
  })
})

describe('chinaTimeToIso', () => {
  it('reads the device clock as UTC+8 without daylight saving', () => {
    expect(chinaTimeToIso('20261201080000')).toBe('2026-12-01T00:00:00.000Z')
    expect(chinaTimeToIso('20260701080000')).toBe('2026-07-01T00:00:00.000Z') // no summer time
    expect(chinaTimeToIso('20270101050000')).toBe('2026-12-31T21:00:00.000Z') // across the year
    expect(chinaTimeToIso('20261201080000250')).toBe('2026-12-01T00:00:00.250Z')
  })

  it('refuses dates that do not exist', () => {
    expect(chinaTimeToIso('20250229120000')).toBeNull()
    expect(chinaTimeToIso('20240229120000')).toBe('2024-02-29T04:00:00.000Z')
    expect(chinaTimeToIso('00500101000000')).toBeNull()
    expect(chinaTimeToIso('20261201235960')).toBeNull()
  })
})
