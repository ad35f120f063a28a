import { z } from 'zod'

/**
 * HJ 212-2017 dust monitors registered by admins (issue #16). A device names itself by its MN
 * (monitoring point id, 1–24 characters) and sends its password (PW) in every packet; `sensorId` is
 * the dust sensor's code, as the dust layer and the HTTP ingest name it. The password is never shown
 * again.
 */

/** Units a device may report TSP in; mg/m³ is converted to µg/m³ (×1,000) on ingest. */
export const HJ212_TSP_UNITS = ['ug/m3', 'mg/m3'] as const
export type Hj212TspUnit = (typeof HJ212_TSP_UNITS)[number]

/** Printable ASCII without the separators of a data segment (`;`, `,`, `=`, `&`): what an MN and a PW may hold. */
const FIELD_TEXT = /^[\x21-\x7e]+$/
const NO_SEPARATORS = /^[^;,=&]*$/

export const Hj212DeviceCreateSchema = z
  .object({
    mn: z
      .string()
      .min(1)
      .max(24)
      .regex(FIELD_TEXT, 'printable ASCII without spaces')
      .regex(NO_SEPARATORS, 'must not hold ; , = or &'),
    password: z
      .string()
      .min(1)
      .max(64)
      .regex(FIELD_TEXT, 'printable ASCII without spaces')
      .regex(NO_SEPARATORS, 'must not hold ; , = or &'),
    sensorId: z.string().min(1).max(64),
    units: z.object({ tsp: z.enum(HJ212_TSP_UNITS).optional() }).strict().optional(),
  })
  .strict()
export type Hj212DeviceCreate = z.infer<typeof Hj212DeviceCreateSchema>

export const Hj212DeviceSchema = z.object({
  mn: z.string(),
  /** The dust sensor's code. */
  sensorId: z.string(),
  tspUnit: z.enum(HJ212_TSP_UNITS),
  createdAt: z.string(),
})
export type Hj212Device = z.infer<typeof Hj212DeviceSchema>

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

/**
 * What became of each thing a dust monitor sent over HJ 212, as the listener counts it
 * (`citygrid_hj212_packets_total{outcome}` and the admin page): a fixed set, never free text.
 *
 * - `accepted`: a data packet stored as a new reading; `unchanged`: one already stored (a resend);
 * - the framing and parsing reasons of `HJ212_REASONS` (`unsupported`: a CN other than 2011/2051/2061);
 * - `unknown_device`: an MN no admin registered; `password`: a registered MN with the wrong PW;
 * - `data_time`: its DataTime is before the readings kept (DUST_RETENTION_MONTHS) or more than a day
 *   ahead: answered all the same (it will never be stored; a device must not send it forever);
 * - `error`: the database failed while storing it (logged; no answer, so the device sends it again).
 */
export const HJ212_OUTCOMES = ['accepted', 'unchanged', ...HJ212_REASONS, 'unknown_device', 'password', 'data_time', 'error'] as const
export type Hj212Outcome = (typeof HJ212_OUTCOMES)[number]

/**
 * `GET /api/hj212/counters`: what this server process's listener has counted since `since` (when the
 * process's counters started), per outcome, every outcome present (0 when it has not happened) — the
 * numbers `/metrics` shows as `citygrid_hj212_packets_total`. Each process counts its own packets.
 */
export const Hj212CountersSchema = z.object({
  since: z.string(),
  packets: z.array(z.object({ outcome: z.enum(HJ212_OUTCOMES), count: z.number().int().min(0) })),
})
export type Hj212Counters = z.infer<typeof Hj212CountersSchema>
