/** What the listener counts each packet as: one definition, in shared (the admin page labels them). */
export { HJ212_OUTCOMES, type Hj212Outcome } from '@citygrid/shared'
