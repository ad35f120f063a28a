/**
 * Call `fn` at most once per `ms`: the first call runs at once, calls during the wait fold into one
 * trailing run at its end. `cancel` drops a pending run (a page going away).
 */
export function throttle(fn: () => void, ms: number): { (): void; cancel(): void } {
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  const run = () => {
    timer = null
    last = Date.now()
    fn()
  }
  const throttled = () => {
    if (timer !== null) return
    const wait = last + ms - Date.now()
    if (wait <= 0) run()
    else timer = setTimeout(run, wait)
  }
  throttled.cancel = () => {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
  return throttled
}
