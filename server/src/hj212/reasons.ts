/** The reasons a framing or parsing refusal is counted under: one definition, in shared (the admin page labels them). */
export { HJ212_REASONS, type Hj212Reason } from '@citygrid/shared'
