import { HelloMessageSchema, type HelloMessage } from '@citygrid/shared'

/**
 * After a deploy, open pages reload themselves: wall screens run for days on the bundle they loaded.
 * The server announces the web build it serves on every socket.io connection (`hello`, see
 * shared/src/events.ts); a page of another build reloads at the first quiet moment, once per new build.
 *
 * Quiet moment: the socket is connected (the last `hello` came after the last disconnect, so the reload
 * finds a server), nothing is busy (`isBusy`) and either the page is hidden or nobody has pressed a
 * key, clicked, touched or scrolled for QUIET_MS. It is checked every CHECK_EVERY_MS and when the page
 * is hidden. Once per new build: the announced id is kept in sessionStorage before reloading; a page
 * that still differs after its reload (a stale cache, a mixed deploy) stays as it is.
 */

// Set by `vite build` (web/vite.config.ts); absent in `vite dev` and the tests.
declare const __CITYGRID_BUILD__: string | undefined
export const OWN_BUILD: string | null = typeof __CITYGRID_BUILD__ === 'string' ? __CITYGRID_BUILD__ : null

/** How long without keyboard, pointer or wheel input counts as quiet. */
export const QUIET_MS = 30_000
/** How often a page waiting to reload looks for a quiet moment. */
export const CHECK_EVERY_MS = 5_000
/** sessionStorage: the announced build this tab last reloaded for. */
export const RELOADED_FOR_KEY = 'citygrid.reloadedForBuild'
const INPUT_EVENTS = ['keydown', 'pointerdown', 'touchstart', 'wheel', 'input'] as const
/** Input types that take no typing. */
const NOT_TYPED = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'hidden', 'image'])

/**
 * Busy: an element marked `[data-dirty]` (a page's unsaved edit), an open dialog (`dialog[open]`,
 * `[aria-modal="true"]`), the focus in a field one types into, or a textarea holding text.
 */
export function isBusy(doc: Document): boolean {
  if (doc.querySelector('[data-dirty], dialog[open], [aria-modal="true"]')) return true
  const active = doc.activeElement
  if (active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement) return true
  if (active instanceof HTMLInputElement && !active.readOnly && !NOT_TYPED.has(active.type)) return true
  if (active instanceof HTMLElement && active.isContentEditable) return true
  return [...doc.querySelectorAll('textarea')].some((t) => !t.readOnly && t.value !== '')
}

export interface BuildReloadOptions {
  /** This page's build (default: the compiled-in one). */
  ownBuild?: string | null
  doc?: Document
  /** Where the once-per-build mark is kept (default: sessionStorage; a failing one means no reload). */
  storage?: () => Pick<Storage, 'getItem' | 'setItem'>
  reload?: () => void
  now?: () => number
}

export interface BuildReload {
  /** A `hello` arrived (validated here: anything else counts as no build). */
  announced(message: unknown): void
  /** The socket dropped: no reload until the next `hello`. */
  disconnected(): void
  stop(): void
}

export function createBuildReload(opts: BuildReloadOptions = {}): BuildReload {
  const ownBuild = opts.ownBuild === undefined ? OWN_BUILD : opts.ownBuild
  const doc = opts.doc ?? document
  const storage = opts.storage ?? (() => window.sessionStorage)
  const reload = opts.reload ?? (() => window.location.reload())
  const now = opts.now ?? Date.now
  let lastInput = now()
  let target: string | null = null
  let timer: ReturnType<typeof setInterval> | undefined

  const reloadedFor = (build: string): boolean => {
    try {
      return storage().getItem(RELOADED_FOR_KEY) === build
    } catch {
      return true // nowhere to note it: rather never reload than risk a loop
    }
  }
  const cancel = (): void => {
    clearInterval(timer)
    timer = undefined
    target = null
  }
  const check = (): void => {
    if (target === null || isBusy(doc) || (!doc.hidden && now() - lastInput < QUIET_MS)) return
    const build = target
    cancel()
    try {
      storage().setItem(RELOADED_FOR_KEY, build) // `announced` skips a build this tab reloaded for
    } catch {
      return
    }
    reload()
  }
  const onInput = (): void => {
    lastInput = now()
  }
  const onVisibility = (): void => check()
  for (const name of INPUT_EVENTS) doc.addEventListener(name, onInput, { capture: true, passive: true })
  doc.addEventListener('visibilitychange', onVisibility)

  return {
    announced(message) {
      const parsed = HelloMessageSchema.safeParse(message)
      const build = parsed.success ? parsed.data.build : null
      if (ownBuild === null || build === null || build === ownBuild || reloadedFor(build)) return cancel()
      target = build
      timer ??= setInterval(check, CHECK_EVERY_MS)
      check()
    },
    disconnected: cancel,
    stop() {
      cancel()
      for (const name of INPUT_EVENTS) doc.removeEventListener(name, onInput, { capture: true })
      doc.removeEventListener('visibilitychange', onVisibility)
    },
  }
}

/** The part of a socket.io-client `Socket` this needs. */
export interface HelloSocket {
  on(event: 'hello', listener: (message: HelloMessage) => void): unknown
  on(event: 'disconnect', listener: (reason: string) => void): unknown
}

let pageReload: BuildReload | null = null

/** Every live socket of a page calls this once: the page reloads after a deploy (one watcher per page). */
export function reloadOnNewBuild(socket: HelloSocket): void {
  pageReload ??= createBuildReload()
  const watcher = pageReload
  socket.on('hello', (message) => watcher.announced(message))
  socket.on('disconnect', () => watcher.disconnected())
}
