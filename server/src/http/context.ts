import type { Principal } from '@citygrid/shared'

/** What middleware puts on every request's context. */
export interface AppEnv {
  Variables: {
    /** The signed-in user or wall screen; null for anonymous requests. */
    principal: Principal | null
  }
}
