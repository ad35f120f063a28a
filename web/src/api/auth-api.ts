import {
  DepartmentSchema,
  ApiTokenSchema,
  DisplayTokenSchema,
  IssuedApiTokenSchema,
  IssuedDisplayTokenSchema,
  LoginResponseSchema,
  PrincipalSchema,
  UserSchema,
  type ApiToken,
  type Department,
  type DisplayToken,
  type Principal,
  type User,
} from '@citygrid/shared'
import { jsonBody, requestJson } from './http.ts'

/** Sign-in, the signed-in principal, and what admins manage: users and wall-screen display tokens. */

export async function login(username: string, password: string): Promise<User> {
  const { user } = await requestJson('/api/auth/login', { ...jsonBody('POST', { username, password }), schema: LoginResponseSchema })
  return user
}

export async function logout(): Promise<void> {
  await requestJson('/api/auth/logout', jsonBody('POST'))
}

/** Sign a wall screen in with its display token (the server sets a long-lived cookie). */
export function signInDisplay(token: string): Promise<Principal> {
  return requestJson('/api/auth/display', { ...jsonBody('POST', { token }), schema: PrincipalSchema })
}

/** Who is signed in; 401 (an ApiError) when nobody is. */
export function fetchMe(): Promise<Principal> {
  return requestJson('/api/auth/me', { schema: PrincipalSchema })
}

export function fetchDepartments(): Promise<Department[]> {
  return requestJson('/api/departments', { schema: DepartmentSchema.array() })
}

export function fetchUsers(): Promise<User[]> {
  return requestJson('/api/users', { schema: UserSchema.array() })
}

export interface NewUser {
  username: string
  displayName: string
  role: User['role']
  department: string | null
  password: string
}

export function createUser(input: NewUser): Promise<User> {
  return requestJson('/api/users', { ...jsonBody('POST', input), schema: UserSchema })
}

export function updateUser(id: number, patch: { displayName?: string; password?: string; disabled?: boolean }): Promise<User> {
  return requestJson(`/api/users/${id}`, { ...jsonBody('PATCH', patch), schema: UserSchema })
}

export function fetchDisplayTokens(): Promise<DisplayToken[]> {
  return requestJson('/api/display-tokens', { schema: DisplayTokenSchema.array() })
}

/** The answer holds the secret, shown this once. */
export function issueDisplayToken(name: string): Promise<DisplayToken & { token: string }> {
  return requestJson('/api/display-tokens', { ...jsonBody('POST', { name }), schema: IssuedDisplayTokenSchema })
}

export function revokeDisplayToken(id: number): Promise<DisplayToken> {
  return requestJson(`/api/display-tokens/${id}`, { ...jsonBody('DELETE'), schema: DisplayTokenSchema })
}

/** Your own personal read-only API tokens (for GIS tools), newest first. */
export function fetchApiTokens(): Promise<ApiToken[]> {
  return requestJson('/api/tokens', { schema: ApiTokenSchema.array() })
}

/** The answer holds the secret, shown this once. */
export function createApiToken(name: string): Promise<ApiToken & { token: string }> {
  return requestJson('/api/tokens', { ...jsonBody('POST', { name }), schema: IssuedApiTokenSchema })
}

export function revokeApiToken(id: number): Promise<ApiToken> {
  return requestJson(`/api/tokens/${id}`, { ...jsonBody('DELETE'), schema: ApiTokenSchema })
}
