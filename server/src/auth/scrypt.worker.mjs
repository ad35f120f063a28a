/**
 * A password-hashing thread at the lowest CPU priority (nice 19): scrypt takes a core for ~100 ms a
 * hash, and sign-ins (wrong ones by the thousand, under attack) must not slow the map, the API or the
 * wall screens. Linux gives a thread its own nice value; this one finds its thread id through
 * /proc/thread-self and lowers its own priority, so that it runs on CPU nobody else wants.
 * os.setPriority without an id would lower the whole process: where /proc/thread-self is missing
 * (not Linux) the thread keeps its priority and says so.
 *
 * Plain JavaScript: a worker's entry is loaded by Node itself. Messages are typed in hasher.ts.
 */
import { readlinkSync } from 'node:fs'
import { getPriority, setPriority, constants } from 'node:os'
import { scryptSync } from 'node:crypto'
import { parentPort } from 'node:worker_threads'

const LOWEST = constants.priority.PRIORITY_LOW // 19

function lowerOwnPriority() {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    setPriority(tid, LOWEST)
    return { nice: getPriority(tid) }
  } catch (err) {
    return { nice: null, why: err instanceof Error ? err.message : String(err) }
  }
}

parentPort.postMessage({ type: 'ready', ...lowerOwnPriority() })
parentPort.on('message', ({ id, password, salt, keyLength, options }) => {
  try {
    const key = scryptSync(password, Buffer.from(salt), keyLength, options)
    parentPort.postMessage({ type: 'key', id, key })
  } catch (err) {
    parentPort.postMessage({ type: 'error', id, message: err instanceof Error ? err.message : String(err) })
  }
})
