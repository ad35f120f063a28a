import { TooManyRequestsError } from '../http/errors.ts'
import { Slots } from '../slots.ts'

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
  private readonly slots: Slots
  private readonly perKey = new Map<string, number>()

  constructor(private readonly opts: HashBudgetOptions) {
    this.slots = new Slots(opts.concurrent)
  }

  /**
   * Run `work` in its turn. `key` is whose share it takes: the client address, or, for a browser that
   * signed this user in before, that device — whose sign-ins also never find the queue full, so
   * guessers elsewhere (or behind the same address) cannot crowd a user out of a browser they use.
   */
  async run<T>(key: string, work: () => Promise<T>, opts: { knownDevice?: boolean } = {}): Promise<T> {
    const mine = this.perKey.get(key) ?? 0
    if (mine >= this.opts.perAddress) {
      throw new TooManyRequestsError('too many sign-ins from this address at once; try again in a moment', 2)
    }
    if (!opts.knownDevice && this.slots.full && this.slots.waiting >= this.opts.queued) {
      throw new TooManyRequestsError('sign-in is busy; try again in a moment', 2)
    }
    this.perKey.set(key, mine + 1)
    try {
      return await this.slots.run(work)
    } finally {
      const left = (this.perKey.get(key) ?? 1) - 1
      if (left > 0) this.perKey.set(key, left)
      else this.perKey.delete(key)
    }
  }
}
