import type { Principal } from '@citygrid/shared'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { fetchMe, login, logout, signInDisplay } from '../api/auth-api.ts'
import { ApiError } from '../api/http.ts'
import { i18n } from '../i18n/index.ts'
import { useNotices } from '../notices/notices.store.ts'
import { audienceOf } from './access.ts'

/**
 * Who is signed in. The server is asked once (`GET /api/auth/me`); signing in and out update the answer,
 * and a 401 from any later call (the session expired or was ended) clears it.
 */
export const useSession = defineStore('session', () => {
  const notices = useNotices()
  const principal = shallowRef<Principal | null>(null)
  /** The server has answered who is signed in (or signing in/out has said so since). */
  const known = ref(false)
  let asking: Promise<Principal | null> | null = null

  const audience = computed(() => audienceOf(principal.value))
  const user = computed(() => (principal.value?.kind === 'user' ? principal.value.user : null))
  const name = computed(() => {
    const p = principal.value
    return p === null ? '' : p.kind === 'user' ? p.user.displayName : p.display.name
  })

  async function ask(): Promise<Principal | null> {
    try {
      return await fetchMe()
    } catch (err) {
      // 401 is the ordinary answer for nobody; anything else is worth telling, and counts as nobody.
      if (!(err instanceof ApiError && err.status === 401)) {
        notices.error(i18n.global.t('error.load', { message: (err as Error).message }), err)
      }
      return null
    }
  }

  /** The principal, asking the server the first time only. */
  function ensureKnown(): Promise<Principal | null> {
    if (known.value) return Promise.resolve(principal.value)
    asking ??= ask().then((p) => {
      // Signing in while the question was out wins over its answer.
      if (!known.value) {
        principal.value = p
        known.value = true
      }
      asking = null
      return principal.value
    })
    return asking
  }

  /** Sign in; an ApiError (401 wrong credentials, 429 too many tries…) reaches the caller. */
  async function signIn(username: string, password: string): Promise<void> {
    const u = await login(username, password)
    principal.value = { kind: 'user', user: u }
    known.value = true
  }

  /**
   * Sign a wall screen in with its display token. A refused token is told and leaves whoever was
   * signed in (the cookie of an earlier token) in place.
   */
  async function signInWall(token: string): Promise<void> {
    try {
      principal.value = await signInDisplay(token)
      known.value = true
    } catch (err) {
      notices.error(i18n.global.t('error.displayToken', { message: (err as Error).message }), err)
    }
  }

  /** Sign out: the principal is gone even if the server could not be told. */
  async function signOut(): Promise<void> {
    try {
      await logout()
    } catch (err) {
      notices.error(i18n.global.t('error.load', { message: (err as Error).message }), err)
    } finally {
      principal.value = null
      known.value = true
    }
  }

  /** The server said 401: whoever was signed in no longer is. */
  function expire(): void {
    principal.value = null
    known.value = true
  }

  return { principal, known, audience, user, name, ensureKnown, signIn, signInWall, signOut, expire }
})
