import type pg from 'pg'
import type { Logger } from 'pino'
import { withTransaction } from '../db/transaction.ts'
import { emitEvent } from '../realtime/outbox.ts'
import { findCase, markOverdue } from './cases.repository.ts'
import { startPeriodic, type Periodic } from '../periodic.ts'

/**
 * Flag cases whose stage clock ran out and push each change. Safe with several server processes:
 * the UPDATE flags a case once, whichever process gets there first.
 */
export async function flagOverdue(pool: pg.Pool): Promise<number[]> {
  return withTransaction(pool, async (tx) => {
    const ids = await markOverdue(tx)
    for (const id of ids) await emitEvent(tx, 'case.updated', (await findCase(tx, id))!)
    return ids
  })
}

/** Check now (awaited, so start-up settles before serving) and then every `intervalMs`. */
export function startOverdueWatch(pool: pg.Pool, intervalMs: number, log: Logger): Promise<Periodic> {
  return startPeriodic('overdue check', intervalMs, log, async () => {
    const ids = await flagOverdue(pool)
    if (ids.length) log.info({ count: ids.length }, 'cases flagged overdue')
  })
}
