/**
 * At most `size` tasks at a time, the rest waiting first come first served; a finished task hands its
 * slot straight to the next in line. For CPU work that must not take every core (password hashes,
 * image decoding).
 */
export class Slots {
  private running = 0
  private readonly queue: (() => void)[] = []

  constructor(private readonly size: number) {}

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.queue.length
  }

  /** Whether a task started now would have to wait. */
  get full(): boolean {
    return this.running >= this.size
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.size) this.running++
    else await new Promise<void>((resolve) => this.queue.push(resolve))
    try {
      return await task()
    } finally {
      const next = this.queue.shift()
      if (next) next()
      else this.running--
    }
  }
}
