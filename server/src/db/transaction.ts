import type pg from 'pg'
import { databaseFault } from './faults.ts'

/** A transaction whose COMMIT lost its connection: saved or not, nobody here can tell. */
export class CommitOutcomeUnknown extends Error {
  constructor(override readonly cause: unknown) {
    super(`the connection was lost while committing: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.name = 'CommitOutcomeUnknown'
  }
}

export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient

/**
 * Run `fn` in one transaction on one connection; roll back and rethrow on any error. A connection
 * whose ROLLBACK fails is destroyed rather than returned to the pool.
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await fn(client)
    try {
      await client.query('COMMIT')
    } catch (err) {
      // The connection was lost with the COMMIT on its way: it may or may not have been applied.
      if (databaseFault(err) === 'unavailable') throw new CommitOutcomeUnknown(err)
      throw err
    }
    client.release()
    return result
  } catch (err) {
    try {
      await client.query('ROLLBACK')
      client.release()
    } catch (rollbackErr) {
      client.release(rollbackErr as Error)
    }
    throw err
  }
}

/**
 * Run `fn`'s one statement outside a transaction: it commits on its own, with no BEGIN and COMMIT
 * round trips. A connection lost while it runs leaves its outcome unknown, as a lost COMMIT does.
 */
export async function inOneStatement<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    const result = await fn(client)
    client.release()
    return result
  } catch (err) {
    if (databaseFault(err) === 'unavailable') {
      client.release(err as Error)
      throw new CommitOutcomeUnknown(err)
    }
    client.release()
    throw err
  }
}
