import { HJ212_REASONS } from './reasons.ts'

/**
 * What became of each thing a dust monitor sent over HJ 212, as the listener counts it
 * (`citygrid_hj212_packets_total{outcome}`): a fixed set, never free text.
 *
 * - `accepted`: a data packet stored as a new reading; `unchanged`: one already stored (a resend);
 * - the framing and parsing reasons of `HJ212_REASONS` (`unsupported`: a CN other than 2011/2051/2061);
 * - `unknown_device`: an MN no admin registered; `password`: a registered MN with the wrong PW;
 * - `error`: the database failed while storing it (logged; no answer, so the device sends it again).
 */
export const HJ212_OUTCOMES = ['accepted', 'unchanged', ...HJ212_REASONS, 'unknown_device', 'password', 'error'] as const

export type Hj212Outcome = (typeof HJ212_OUTCOMES)[number]
