/**
 * Why something a dust monitor sent over HJ 212 was not used: a fixed set, so that a listener can
 * count refusals per reason (a metric label must never carry free text) and log the message beside it.
 *
 * - `garbage`: bytes outside any packet (no `##` header before them), one report per run within a read;
 * - `length`: the four length digits disagree with where the packet's `\r\n` is;
 * - `oversized`: the length digits announce a data segment over the standard's 1,024 bytes;
 * - `truncated`: a packet stopped short — the next `##` header (or the end of the connection) came
 *   before its declared end;
 * - `crc`: the CRC field is not four hex digits, or not the data segment's CRC;
 * - `syntax`: the data segment does not parse (a field missing or malformed, an impossible date);
 * - `unsupported`: it parses but its command (CN) is not one that is taken (the listener's to count).
 */
export const HJ212_REASONS = ['garbage', 'length', 'oversized', 'truncated', 'crc', 'syntax', 'unsupported'] as const

export type Hj212Reason = (typeof HJ212_REASONS)[number]
