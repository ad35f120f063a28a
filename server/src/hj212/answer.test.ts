import { describe, expect, it } from 'vitest'
import { dataAnswer } from './answer.ts'
import { frame, Hj212Deframer } from './frame.ts'
import { parseSegment, type Hj212Packet } from './segment.ts'

function packetOf(segment: string): Hj212Packet {
  const result = parseSegment(segment)
  if (!result.ok) throw new Error(result.message)
  return result.packet
}

const DATA =
  'QN=20261201080000123;ST=22;CN=2011;PW=654321;MN=NJ-DUST-0001;Flag=5;CP=&&DataTime=20261201080000;a34002-Rtd=45.2,a34002-Flag=N&&'

describe('dataAnswer', () => {
  it('answers a packet that asks for it with CN 9014, ST 91, Flag 4, echoing QN, PW and MN', () => {
    const answer = dataAnswer(packetOf(DATA))
    const expected = frame('QN=20261201080000123;ST=91;CN=9014;PW=654321;MN=NJ-DUST-0001;Flag=4;CP=&&&&')
    expect(answer?.toString('latin1')).toBe(expected.toString('latin1'))
  })

  it('matches the standard appendix example for the same QN, PW and MN', () => {
    // The answer a public Qt HJ 212 client quotes as the standard's format for real-time data:
    // QN=20160801085000001;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&
    // (caoyiliang/HJ212's test program expects the same shape: ST=91, Flag=4, CP=&&&&, QN echoed).
    const request = 'QN=20160801085000001;ST=22;CN=2011;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20160801084000&&'
    const answer = dataAnswer(packetOf(request))!.toString('latin1')
    expect(answer.slice(6, -6)).toBe('QN=20160801085000001;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&')
  })

  it('round-trips through the deframer with a valid CRC, and parses as an answer that asks for none', () => {
    const answer = dataAnswer(packetOf(DATA))!
    const found = new Hj212Deframer().push(answer)
    expect(found).toHaveLength(1)
    expect(found[0]!.ok).toBe(true)
    const back = packetOf((found[0] as { segment: string }).segment)
    expect(back).toMatchObject({ qn: '20261201080000123', st: '91', cn: '9014', pw: '654321', mn: 'NJ-DUST-0001', kind: null })
    expect(back.flag).toEqual({ value: 4, answerRequested: false, split: false, version: 1 })
    expect(dataAnswer(back)).toBeNull()
  })

  it('does not answer a packet whose Flag asks for nothing, or that has no Flag', () => {
    expect(dataAnswer(packetOf(DATA.replace('Flag=5', 'Flag=4')))).toBeNull()
    expect(dataAnswer(packetOf(DATA.replace('Flag=5;', '')))).toBeNull()
  })
})
