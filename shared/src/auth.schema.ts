import { z } from 'zod'
import { ROLES } from './workflow.ts'

export const RoleSchema = z.enum(ROLES)


export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{1,31}$/
export const MIN_PASSWORD_LENGTH = 10

export const LoginSchema = z
  .object({
    username: z.string().trim().toLowerCase().min(1, 'enter a user name').max(32),
    password: z.string().min(1, 'enter a password').max(200),
  })
  .strict()

export const UserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  department: z.string().nullable(),
  disabled: z.boolean(),
})
export type User = z.infer<typeof UserSchema>

/** Answer of `POST /api/auth/login`. */
export const LoginResponseSchema = z.object({ user: UserSchema })

/**
 * Who is making a request: a signed-in user (`readOnly` when they came with a personal API token) or
 * a wall screen's display token.
 */
export const PrincipalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), user: UserSchema, readOnly: z.literal(true).optional() }),
  z.object({ kind: z.literal('display'), display: z.object({ id: z.number().int(), name: z.string() }) }),
])
export type Principal = z.infer<typeof PrincipalSchema>

const Password = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(200)

export const UserCreateSchema = z
  .object({
    username: z.string().trim().toLowerCase().regex(USERNAME_PATTERN, '2–32 of a-z, 0-9, . _ - starting with a letter or digit'),
    displayName: z.string().trim().min(1).max(100),
    role: RoleSchema,
    department: z.string().min(1).max(32).nullable().default(null),
    password: Password,
  })
  .strict()
  .refine((u) => (u.role === 'department') === (u.department !== null), {
    path: ['department'],
    message: 'a department user needs a department, and only department users have one',
  })

export const UserUpdateSchema = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    password: Password.optional(),
    disabled: z.boolean().optional(),
  })
  .strict()

export const DepartmentSchema = z.object({ code: z.string(), name: z.object({ zh: z.string(), en: z.string() }) })
export type Department = z.infer<typeof DepartmentSchema>

export const DisplayTokenCreateSchema = z.object({ name: z.string().trim().min(1).max(100) }).strict()
export const DisplayTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
})
export type DisplayToken = z.infer<typeof DisplayTokenSchema>
/** Answer of issuing a token: the secret is shown once. */
export const IssuedDisplayTokenSchema = DisplayTokenSchema.extend({ token: z.string() })

export const DisplaySignInSchema = z.object({ token: z.string().min(20).max(200) }).strict()
