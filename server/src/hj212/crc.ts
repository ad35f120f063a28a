/**
 * The CRC-16 of HJ 212-2017 (its appendix A): register 0xFFFF; for each byte the register's high byte
 * is dropped and the byte xor-ed in (`reg = (reg >> 8) ^ byte`), then eight times: shift right, xor
 * 0xA001 when the bit shifted out was 1. Computed over the data segment only (not the `##`, the length
 * digits or the `\r\n`). The first step is not Modbus CRC-16's (which xors the byte into the low byte
 * and keeps the high one): public HJ 212 code that uses Modbus's gets 0759 instead of the standard's
 * 1C80 for the example packet widely quoted from the standard.
 */
export function hj212Crc(data: Uint8Array): number {
  let reg = 0xffff
  for (const byte of data) {
    reg = (reg >> 8) ^ byte
    for (let i = 0; i < 8; i++) {
      const dropped = reg & 1
      reg >>= 1
      if (dropped) reg ^= 0xa001
    }
  }
  return reg
}

/** The CRC as a packet writes it: four upper-case hex digits. */
export function crcHex(crc: number): string {
  return crc.toString(16).toUpperCase().padStart(4, '0')
}
