import type { MiddlewareHandler } from 'hono'
import { visit, type JSONPath } from 'jsonc-parser'
import { ValidationError } from './errors.ts'

/** What Hono's validator reads as JSON (`application/json`, `application/geo+json`, …). */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i
/** Field names are echoed back: a megabyte-long key is cut. */
const MAX_FIELD = 200
/** Deeper than any body of ours; the parser recurses, so a few KB of `[[[[…` must not reach its stack's end. */
const MAX_DEPTH = 64

class Duplicate {
  constructor(readonly path: JSONPath) {}
}
class TooDeep {}

/** Every string of a JSON text, and whether a colon follows it (a key). In valid JSON a string never holds a bare `"`. */
const STRING_TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"\s*(:)?/g

/** How many keys the text of valid JSON writes. */
function keysWritten(text: string): number {
  let n = 0
  for (const m of text.matchAll(STRING_TOKEN)) if (m[1]) n++
  return n
}

/** How many keys a parsed value holds, refusing one nested deeper than MAX_DEPTH (walked without recursion). */
function keysHeld(value: unknown): number {
  let n = 0
  const stack: [unknown, number][] = [[value, 1]]
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top
    if (typeof v !== 'object' || v === null) continue
    if (depth > MAX_DEPTH) throw new ValidationError([{ field: 'body', reason: `nested more than ${MAX_DEPTH} levels deep` }])
    const children = Array.isArray(v) ? v : Object.values(v)
    if (!Array.isArray(v)) n += children.length
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1])
  }
  return n
}

/**
 * The first key that appears twice in one object, with its dotted path (`location.coordinates`), or
 * null. JSON.parse keeps the last of them silently, so a check can read one value and the code another.
 * A text holds a duplicate exactly when it writes more keys than JSON.parse keeps: counting both
 * (V8's parser and one regular expression) is the usual answer, several times faster than a walk of
 * the text; only a body that has one, or is malformed, is walked to name it.
 */
export function duplicateKey(text: string): { key: string; field: string } | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return findDuplicateKey(text) // malformed: named if it has one, else left for the validator to refuse
  }
  return keysWritten(text) === keysHeld(parsed) ? null : findDuplicateKey(text)
}

/**
 * The walk that names the first duplicate key, with its path: Microsoft's jsonc-parser (VS Code's
 * JSON scanner) walks the text without building it, and says each property as it comes, with its
 * path; malformed JSON is left for JSON.parse to refuse.
 */
function findDuplicateKey(text: string): { key: string; field: string } | null {
  const open: Set<string>[] = []
  let depth = 0
  const deeper = () => {
    if (++depth > MAX_DEPTH) throw new TooDeep()
  }
  try {
    visit(text, {
      onObjectBegin: () => {
        deeper()
        open.push(new Set())
      },
      onObjectEnd: () => {
        depth--
        open.pop()
      },
      onArrayBegin: deeper,
      onArrayEnd: () => {
        depth--
      },
      onObjectProperty: (key, _offset, _length, _line, _char, pathSupplier) => {
        const keys = open.at(-1)
        if (!keys) return
        if (keys.has(key)) throw new Duplicate([...pathSupplier(), key])
        keys.add(key)
      },
    })
  } catch (err) {
    if (err instanceof TooDeep) {
      throw new ValidationError([{ field: 'body', reason: `nested more than ${MAX_DEPTH} levels deep` }])
    }
    if (err instanceof Duplicate) {
      return { key: String(err.path.at(-1)).slice(0, MAX_FIELD), field: err.path.map(String).join('.').slice(0, MAX_FIELD) || '(root)' }
    }
    throw err
  }
  return null
}

/**
 * Refuses a JSON body with a duplicate key: 400 `validation_failed` naming it. Reads the body as text
 * once; Hono keeps it, and the route's validator parses that same text.
 */
export function refuseDuplicateKeys(): MiddlewareHandler {
  return async (c, next) => {
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim()
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !JSON_MEDIA_TYPE.test(mediaType)) return next()
    const duplicate = duplicateKey(await c.req.text())
    if (duplicate) {
      const { key, field } = duplicate
      throw new ValidationError([{ field, reason: `duplicate key: ${JSON.stringify(key)} appears more than once in this object` }])
    }
    return next()
  }
}
