import type pg from 'pg'

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
    await client.query('COMMIT')
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
