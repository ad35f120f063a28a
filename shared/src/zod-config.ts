import { z } from 'zod'

/**
 * For pages served under a Content-Security-Policy without 'unsafe-eval': zod compiles fast parsers
 * with `new Function` unless told not to, and probes whether it may — a CSP violation report on every
 * page. Called first by each page's entry; the interpreted parsers are fast enough for API answers and
 * live events.
 */
export function useJitlessSchemas(): void {
  z.config({ jitless: true })
}
