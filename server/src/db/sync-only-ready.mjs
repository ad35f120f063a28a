/**
 * PGlite answers an extended-protocol message that fails (Parse, Bind, Describe, Execute, Close) with
 * ErrorResponse *and* ReadyForQuery, and then the client's Sync with a second ReadyForQuery
 * (electric-sql/pglite#958, open in 0.5.8 / pglite-socket 0.2.11). PostgreSQL sends ReadyForQuery only
 * for Sync. `pg` takes the first one as the end of the failed query and the stray second one as the
 * end of the next query on that connection, which then resolves with no rows: a silently wrong
 * answer (seen as `rows[0] === undefined` after a 400 for a NUL character in a title).
 *
 * Wrapping the database that pglite-socket serves, this drops ReadyForQuery from the answer to any
 * extended-protocol message other than Sync, so that each Sync gets exactly one, as from PostgreSQL.
 * Plain JavaScript: it runs in the embedded database's worker thread (embedded.worker.mjs).
 */

/** Extended-protocol messages that PostgreSQL never answers with ReadyForQuery ('S', Sync, does). */
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)))
/** ReadyForQuery: 'Z', length 5, one status byte. */
const READY_LENGTH = 6
const isReadyForQuery = (bytes) =>
  bytes.length === READY_LENGTH && bytes[0] === 0x5a && bytes[1] === 0 && bytes[2] === 0 && bytes[3] === 0 && bytes[4] === 5

function concat(a, b) {
  if (a.length === 0) return b
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

/**
 * The answer to one extended-protocol message, passed on as it streams except its last six bytes,
 * which are held back and dropped at the end if they are a ReadyForQuery.
 */
async function execWithoutReady(db, message, options) {
  let held = new Uint8Array(0)
  const result = await db.execProtocolRawStream(message, {
    ...options,
    onRawData: (data) => {
      const all = concat(held, data)
      const cut = Math.max(0, all.length - READY_LENGTH)
      if (cut > 0) options.onRawData(all.subarray(0, cut))
      held = all.slice(cut) // a copy: PGlite may reuse the buffer it handed over
    },
  })
  if (held.length > 0 && !isReadyForQuery(held)) options.onRawData(held)
  return result
}

/** `db` as pglite-socket should see it: every member as is, but no ReadyForQuery before Sync. */
export function withSyncOnlyReady(db) {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'execProtocolRawStream') {
        return (message, options) =>
          EXTENDED.has(message[0]) && options?.onRawData
            ? execWithoutReady(target, message, options)
            : target.execProtocolRawStream(message, options)
      }
      const value = Reflect.get(target, prop, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
