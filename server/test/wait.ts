/**
 * How long a server test waits for something the platform is about to do: an event pushed to a socket,
 * a connection's catch-up (`ready`), a refusal or a disconnect. CI runs on two shared, often loaded
 * cores, where a push that takes milliseconds here can take seconds there; a wait for a condition that
 * already holds costs nothing, so the limit is generous. (A test that something does NOT happen
 * waits a stated period instead, and says so where it does.)
 */
export const WAIT_MS = 30_000
