import { frame } from './frame.ts'
import type { Hj212Packet } from './segment.ts'

/**
 * The data answer (数据应答, CN 9014) to a packet whose Flag asks for one (bit A), framed and ready to
 * write back; null when none is asked for. It carries the system code for system interaction (ST=91),
 * echoes QN, PW and MN, sets Flag=4 (version 2017, no answer to the answer) and has an empty CP, as
 * the answer in HJ 212-2017's appendix examples does, quoted by public implementations as
 * `QN=20160801085000001;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&`
 * (HJ/T 212-2005's answer put QN and CN inside CP instead). A device that gets no answer resends
 * (its OverTime and ReCount settings), so the listener should answer once the packet is stored.
 */
export function dataAnswer(packet: Hj212Packet): Buffer | null {
  if (!packet.flag?.answerRequested) return null
  // parseSegment refuses a packet that asks for an answer without a QN to echo.
  if (packet.qn === null) throw new Error('an HJ 212 answer needs the QN of the packet it answers')
  return frame(`QN=${packet.qn};ST=91;CN=9014;PW=${packet.pw};MN=${packet.mn};Flag=4;CP=&&&&`)
}
