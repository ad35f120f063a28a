import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CHECK_EVERY_MS, createBuildReload, isBusy, OWN_BUILD, QUIET_MS, RELOADED_FOR_KEY, type BuildReload } from './build-reload.ts'

const OURS = '20261124T000000Z-aaaaaaaa'
const NEW = '20261125T000000Z-bbbbbbbb'

let reload: ReturnType<typeof vi.fn<() => void>>
let watcher: BuildReload | null = null

function watch(ownBuild: string | null = OURS): BuildReload {
  watcher = createBuildReload({ ownBuild, reload, now: Date.now })
  return watcher
}
/** Let `ms` pass in the page's fake time. */
const pass = (ms: number) => vi.advanceTimersByTime(ms)
const hidden = (value: boolean) => Object.defineProperty(document, 'hidden', { configurable: true, get: () => value })

beforeEach(() => {
  vi.useFakeTimers()
  reload = vi.fn<() => void>()
  sessionStorage.clear()
  document.body.innerHTML = ''
  hidden(false)
})
afterEach(() => {
  watcher?.stop()
  watcher = null
  vi.useRealTimers()
})

describe('reload after a deploy (build-reload)', () => {
  it('has no compiled-in build under test, so the page itself never reloads there', () => {
    expect(OWN_BUILD).toBeNull()
  })

  it('reloads once nobody has touched the page for the quiet period, when the builds differ', () => {
    const w = watch()
    w.announced({ build: NEW })
    pass(QUIET_MS - CHECK_EVERY_MS)
    expect(reload).not.toHaveBeenCalled()
    pass(CHECK_EVERY_MS)
    expect(reload).toHaveBeenCalledTimes(1)
    expect(sessionStorage.getItem(RELOADED_FOR_KEY)).toBe(NEW)
    pass(10 * QUIET_MS)
    expect(reload).toHaveBeenCalledTimes(1)
  })

  it('never reloads when the builds are equal, or either is unknown, or the message is not a hello', () => {
    for (const [own, announced] of [
      [OURS, { build: OURS }],
      [OURS, { build: null }],
      [null, { build: NEW }],
      [OURS, { build: '' }],
      [OURS, 'nonsense'],
    ] as const) {
      const w = watch(own)
      w.announced(announced)
      pass(10 * QUIET_MS)
      w.stop()
    }
    expect(reload).not.toHaveBeenCalled()
  })

  it('a later hello with our own build (a rollback) calls the reload off', () => {
    const w = watch()
    w.announced({ build: NEW })
    pass(CHECK_EVERY_MS)
    w.announced({ build: OURS })
    pass(10 * QUIET_MS)
    expect(reload).not.toHaveBeenCalled()
  })

  it('waits while someone types or clicks, and reloads the quiet period after the last input', () => {
    const w = watch()
    w.announced({ build: NEW })
    for (let i = 0; i < 10; i++) {
      pass(QUIET_MS / 2)
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))
      document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }))
    }
    expect(reload).not.toHaveBeenCalled()
    pass(QUIET_MS)
    expect(reload).toHaveBeenCalledTimes(1)
  })

  it('never while an unsaved edit, an open dialog, a focused field or a textarea with text is on the page', () => {
    const cases: [string, () => void][] = [
      ['[data-dirty]', () => (document.body.innerHTML = '<form data-dirty><input name="x"></form>')],
      ['dialog[open]', () => (document.body.innerHTML = '<dialog open>Sure?</dialog>')],
      ['aria-modal', () => (document.body.innerHTML = '<div role="dialog" aria-modal="true"></div>')],
      ['focused input', () => {
        document.body.innerHTML = '<input name="q">'
        document.querySelector('input')!.focus()
      }],
      ['textarea with text', () => {
        document.body.innerHTML = '<textarea name="comment"></textarea>'
        document.querySelector('textarea')!.value = 'half a comment'
      }],
    ]
    for (const [what, setUp] of cases) {
      document.body.innerHTML = ''
      setUp()
      expect(isBusy(document), what).toBe(true)
      const w = watch()
      w.announced({ build: NEW })
      pass(10 * QUIET_MS)
      expect(reload, what).not.toHaveBeenCalled()
      // The edit is saved (the mark goes, the field empties or loses the focus): the reload follows.
      document.body.innerHTML = ''
      pass(CHECK_EVERY_MS)
      expect(reload, what).toHaveBeenCalledTimes(1)
      w.stop()
      reload.mockClear()
      sessionStorage.clear()
    }
  })

  it('reloads a hidden page at once, though someone used it moments ago, but not with an unsaved edit', () => {
    const w = watch()
    document.body.innerHTML = '<div data-dirty></div>'
    w.announced({ build: NEW })
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))
    hidden(true)
    document.dispatchEvent(new Event('visibilitychange'))
    expect(reload).not.toHaveBeenCalled()
    document.body.innerHTML = ''
    document.dispatchEvent(new Event('visibilitychange'))
    expect(reload).toHaveBeenCalledTimes(1)
  })

  it('only once per new build: a page still different after its reload stays; a newer build reloads again', () => {
    sessionStorage.setItem(RELOADED_FOR_KEY, NEW) // this tab already reloaded for NEW
    const w = watch()
    w.announced({ build: NEW })
    pass(10 * QUIET_MS)
    w.announced({ build: NEW }) // every reconnect says hello again
    pass(10 * QUIET_MS)
    expect(reload).not.toHaveBeenCalled()
    const newer = '20261126T000000Z-cccccccc'
    w.announced({ build: newer })
    pass(QUIET_MS)
    expect(reload).toHaveBeenCalledTimes(1)
    expect(sessionStorage.getItem(RELOADED_FOR_KEY)).toBe(newer)
  })

  it('never without a place to note the reload (no loop), nor while the socket is down', () => {
    const noStorage = createBuildReload({
      ownBuild: OURS,
      reload,
      storage: () => {
        throw new Error('storage disabled')
      },
    })
    noStorage.announced({ build: NEW })
    pass(10 * QUIET_MS)
    noStorage.stop()
    expect(reload).not.toHaveBeenCalled()

    const w = watch()
    w.announced({ build: NEW })
    w.disconnected()
    pass(10 * QUIET_MS)
    expect(reload).not.toHaveBeenCalled()
    w.announced({ build: NEW }) // connected again
    pass(QUIET_MS)
    expect(reload).toHaveBeenCalledTimes(1)
  })
})
