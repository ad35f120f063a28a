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
