import { TooManyRequestsError } from '../http/errors.ts'

export interface HashBudgetOptions {
  /** Password hashes computed at once (scrypt takes ~32 MiB and a core for ~100 ms each). */
  concurrent: number
  /** Sign-ins one client address may have running or waiting; more are refused at once. */
  perAddress: number
  /** Sign-ins waiting in all; more are refused at once. */
  queued: number
}

/**
 * The CPU that password checks may take: at most `concurrent` scrypt hashes at a time, first come
 * first served, with a per-address and an overall cap on what waits. Sixteen parallel wrong sign-ins
 * used to take both cores (3.3 hashes a second) and slowed everything else 24×; now they queue behind
 * one hash at a time and the other core stays for everyone else. Per server process: each bounds its
 * own CPU.
 */
export class HashBudget {
  private running = 0
  private readonly waiting: (() => void)[] = []
  private readonly perAddress = new Map<string, number>()

  constructor(private readonly opts: HashBudgetOptions) {}

  async run<T>(address: string, work: () => Promise<T>): Promise<T> {
    const mine = this.perAddress.get(address) ?? 0
    if (mine >= this.opts.perAddress) {
      throw new TooManyRequestsError('too many sign-ins from this address at once; try again in a moment', 2)
    }
    if (this.running >= this.opts.concurrent && this.waiting.length >= this.opts.queued) {
      throw new TooManyRequestsError('sign-in is busy; try again in a moment', 2)
    }
    this.perAddress.set(address, mine + 1)
    try {
      if (this.running >= this.opts.concurrent) await new Promise<void>((resolve) => this.waiting.push(resolve))
      else this.running++
      try {
        return await work()
      } finally {
        // Hand the slot straight to the next in line, or free it.
        const next = this.waiting.shift()
        if (next) next()
        else this.running--
      }
    } finally {
      const left = (this.perAddress.get(address) ?? 1) - 1
      if (left > 0) this.perAddress.set(address, left)
      else this.perAddress.delete(address)
    }
  }
}
