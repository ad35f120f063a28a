import { connectRealtime } from './socket.ts'

/**
 * The app's one live connection. It runs while someone is signed in (the server refuses anonymous
 * sockets), whatever page is open, so the case list hears changes as the map does.
 */
let live: ReturnType<typeof connectRealtime> | null = null

export function startLive(opts: { onUnauthorized?: () => void } = {}): void {
  if (!live) live = connectRealtime(opts)
}

/** Sign-out: close the socket; the last event id seen is kept, so the next sign-in catches up from it. */
export function stopLive(): void {
  live?.stop()
  live = null
}

/** Settles once the server has caught the connection up (or it failed, or a short wait passed). */
export function whenSynced(): Promise<void> {
  return live?.firstSync ?? Promise.resolve()
}
