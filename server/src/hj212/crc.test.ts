import { describe, expect, it } from 'vitest'
import { crcHex, hj212Crc } from './crc.ts'

const crcOf = (segment: string) => crcHex(hj212Crc(Buffer.from(segment, 'latin1')))

/**
 * Packets with their CRCs as published, each CRC checked here (not only trusted):
 * - the example widely quoted from HJ 212-2017, e.g. in xiaoyao9184/hj-t212-parser's
 *   T212Mapper and many receivers' tests: `##0101QN=20160801085857223;…;CP=&&RtdInterval=30&&1C80`;
 * - a real hour-data packet (CN 2061, ST 22) kept as an example in a version of the same project's
 *   T212Mapper.java: CRC C181;
 * - a real dust-monitor real-time packet (CN 2011, MN JSRCTD000YD107) from a T212MapperTest of a fork
 *   of that project: CRC 9241;
 * - the CN 9014 answer example in the header of a C++ HJ 212 implementation (HJ212Def.h, "例子"), its
 *   CRC written in lower case: 71c0.
 */
const PUBLISHED: [segment: string, crc: string][] = [
  ['QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&', '1C80'],
  [
    'QN=20190925181031464;ST=22;CN=2061;PW=BF470F88957588DE902D1A52;MN=Z13401000010301;Flag=5;CP=&&DataTime=20190924220000;' +
      'a34006-Avg=2.69700,a34006-Flag=N;a34007-Avg=7.96600,a34007-Flag=N;a34048-Avg=3.30600,a34048-Flag=N;' +
      'a34047-Avg=7.35700,a34047-Flag=N;a34049-Avg=10.66300,a34049-Flag=N&&',
    'C181',
  ],
  [
    'QN=20220928142812336;ST=22;CN=2011;PW=123456;MN=JSRCTD000YD107;Flag=5;CP=&&DataTime=20220928142812;' +
      'l01001-Flag=N,l01001-Rtd=119.90287;l01002-Flag=N,l01002-Rtd=32.48505;a34002-Rtd=5,a34002-Flag=N;a34004-Rtd=4,a34004-Flag=N;' +
      'a21026-Rtd=22.25,a21026-Flag=N;a21004-Rtd=22.7,a21004-Flag=N;a21005-Rtd=0.36,a21005-Flag=N;a05024-Rtd=8.82,a05024-Flag=N&&',
    '9241',
  ],
  ['QN=20201008154743635;ST=91;CN=9014;PW=123456;MN=SD000001;Flag=9;CP=&&QnRtn=1&&', '71C0'],
]

describe('hj212Crc', () => {
  it.each(PUBLISHED)('gives the published CRC of %s', (segment, crc) => {
    expect(crcOf(segment)).toBe(crc)
  })

  it('is not Modbus CRC-16 (which gives 4B37 for "123456789", and 0759 for the standard example)', () => {
    expect(crcOf('123456789')).toBe('2F80')
    expect(crcOf(PUBLISHED[0]![0])).not.toBe('0759')
  })

  it('is FFFF over nothing and changes with any byte', () => {
    expect(hj212Crc(new Uint8Array())).toBe(0xffff)
    expect(crcOf(PUBLISHED[0]![0].replace('Flag=5', 'Flag=4'))).not.toBe('1C80')
  })

  it('writes four upper-case hex digits', () => {
    expect(crcHex(0x0a)).toBe('000A')
    expect(crcHex(0xc0c1)).toBe('C0C1')
  })
})
