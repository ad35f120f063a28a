/**
 * Derive data from a collection once per collection object. deck.gl compares `data` by reference, so a
 * fresh array on every rebuild would make it recompute every attribute on every frame.
 */
export function memoByRef<K extends object, T>(derive: (key: K) => T[]): (key: K | undefined) => T[] {
  const cache = new WeakMap<K, T[]>()
  const empty: T[] = []
  return (key) => {
    if (!key) return empty
    let value = cache.get(key)
    if (!value) {
      value = derive(key)
      cache.set(key, value)
    }
    return value
  }
}
