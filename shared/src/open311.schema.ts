import { z } from 'zod'
import { CASE_NUMBER_PATTERN } from './case.schema.ts'
import { isPublicClass } from './public-cases.ts'

/**
 * Open311 GeoReport v2 (`/open311/v2`, issue #17): the county's public cases as service requests, for
 * the apps that already speak it. A service is an event class (`service_code` = class code); a request
 * is a public case (`service_request_id` = its case number); the XML form carries the same fields as
 * the JSON (server/src/open311/xml.ts). Field names are the specification's, hence snake_case.
 */

export const OPEN311_FORMATS = ['json', 'xml'] as const
export type Open311Format = (typeof OPEN311_FORMATS)[number]
export const OPEN311_STATUSES = ['open', 'closed'] as const
export type Open311Status = (typeof OPEN311_STATUSES)[number]
/** Requests and updates in one answer at most, and the longest span of dates one may ask for (the spec's defaults). */
export const OPEN311_MAX_RESULTS = 1000
export const OPEN311_MAX_SPAN_DAYS = 90
export const OPEN311_MAX_DESCRIPTION = 4000

/** GET services: every public event class. `batch`: a POST answers a token, resolved by GET tokens/{token}. */
export const Open311ServiceSchema = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string().nullable(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string().nullable(),
  group: z.string().nullable(),
})
export type Open311Service = z.infer<typeof Open311ServiceSchema>

export const Open311AttributeSchema = z.object({
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: z.string().nullable(),
  order: z.number().int().nullable(),
  description: z.string().nullable(),
  values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
})
export const Open311ServiceDefinitionSchema = z.object({ service_code: z.string(), attributes: z.array(Open311AttributeSchema) })
export type Open311ServiceDefinition = z.infer<typeof Open311ServiceDefinitionSchema>

/** A public case as a service request. Never the reporter's e-mail, phone, name, device or account. */
export const Open311RequestSchema = z.object({
  service_request_id: z.string(),
  status: z.enum(OPEN311_STATUSES),
  /** The public stage (上报 / 立案 / 处置中 / 已办结 / 不予立案). */
  status_notes: z.string().nullable(),
  service_name: z.string().nullable(),
  service_code: z.string(),
  description: z.string().nullable(),
  /** The handling department, once dispatched. */
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string().nullable(),
  /** The disposal deadline (extensions included), once dispatched. */
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  /** The case's first before-photo (re-encoded on upload, metadata gone), served by /open311/v2/requests/{id}/media. */
  media_url: z.string().nullable(),
})
export type Open311Request = z.infer<typeof Open311RequestSchema>

/**
 * The answer to a POST: the token (this server's services are `batch`), never the request id with it.
 * `service_notice` and `account_id` "may not be returned": they are not (the swagger's RequestResponse
 * has no null for them, and the account id is the reporter's).
 */
export const Open311PostedSchema = z.object({ token: z.string() }).strict()
export type Open311Posted = z.infer<typeof Open311PostedSchema>

export const Open311TokenSchema = z.object({ service_request_id: z.string(), token: z.string() })
export type Open311Token = z.infer<typeof Open311TokenSchema>

/** The updates extension (`servicerequestupdates`, as FixMyStreet and others read it): each change of a public stage. */
export const Open311UpdateSchema = z.object({
  update_id: z.string(),
  service_request_id: z.string(),
  status: z.enum(OPEN311_STATUSES),
  updated_datetime: z.string(),
  description: z.string().nullable(),
  media_url: z.string().nullable(),
})
export type Open311Update = z.infer<typeof Open311UpdateSchema>

export const Open311ErrorSchema = z.object({ code: z.number().int(), description: z.string() })
export type Open311Error = z.infer<typeof Open311ErrorSchema>

/** "Optional" in the spec: a parameter passed empty is one not passed. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional())
const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`)
const coordinate = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v)) : v),
    z.number({ error: (i) => (i.input === undefined ? 'required: this server places a request by lat and long (it does not geocode address_string or address_id)' : 'must be a number') })
      .min(min, `must be between ${min} and ${max}`)
      .max(max, `must be between ${min} and ${max}`),
  )
const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  optional(
    z
      .string()
      .transform((s) => s.split(',').map((p) => p.trim()).filter((p) => p !== ''))
      .pipe(z.array(item).max(OPEN311_MAX_RESULTS, `at most ${OPEN311_MAX_RESULTS} values`)),
  )
const Instant = z.iso.datetime({ offset: true, message: 'must be a w3 date-time with a time zone, e.g. 2026-11-24T08:00:00+08:00' })
const PublicServiceCode = z.string().refine(isPublicClass, { message: 'not a service_code of this server (GET services)' })

/**
 * POST requests (application/x-www-form-urlencoded, every value a string). The api_key is checked
 * first (403); `service_code` is checked against the services after this (404 for an unknown one).
 */
export const Open311RequestCreateSchema = z
  .object({
    api_key: z.string(),
    jurisdiction_id: optional(z.string()),
    service_code: z.string({ error: 'required' }).trim().min(1, 'required'),
    lat: coordinate(-90, 90),
    long: coordinate(-180, 180),
    address_string: optional(text(200)),
    address_id: optional(text(200)),
    email: optional(z.email('not an e-mail address').max(254, 'at most 254 characters')),
    device_id: optional(text(200)),
    account_id: optional(text(200)),
    first_name: optional(text(100)),
    last_name: optional(text(100)),
    phone: optional(z.string().trim().regex(/^\+?[0-9][0-9 ()-]{4,29}$/, 'a phone number: digits, spaces, brackets or dashes, 5 to 30')),
    description: optional(text(OPEN311_MAX_DESCRIPTION)),
    /** Stored for staff with the request (open311_requests.media_url), never fetched nor answered: a request's media is the photo staff keep. */
    media_url: optional(z.url('not a URL').max(2000, 'at most 2000 characters')),
  })
  .strict()
export type Open311RequestCreate = z.output<typeof Open311RequestCreateSchema>

/** GET requests: a list of case numbers (overriding the rest), or service codes, statuses and a span of dates. */
export const Open311RequestsQuerySchema = z.object({
  jurisdiction_id: optional(z.string()),
  service_request_id: commaList(z.string().regex(CASE_NUMBER_PATTERN, 'not a service_request_id (511922-2026-000123)')),
  service_code: commaList(PublicServiceCode),
  status: commaList(z.enum(OPEN311_STATUSES, 'must be open or closed')),
  start_date: optional(Instant),
  end_date: optional(Instant),
})
export type Open311RequestsQuery = z.output<typeof Open311RequestsQuerySchema>

/** GET servicerequestupdates: the updates of a span of dates (at most OPEN311_MAX_SPAN_DAYS; the latest by default). */
export const Open311UpdatesQuerySchema = z.object({
  jurisdiction_id: optional(z.string()),
  api_key: optional(z.string()),
  start_date: optional(Instant),
  end_date: optional(Instant),
})
export type Open311UpdatesQuery = z.output<typeof Open311UpdatesQuerySchema>

// Keys: admins issue one per app that posts requests; shown once, stored as a hash.
export const OPEN311_KEY_PREFIX = 'o311_'
export const Open311KeyCreateSchema = z.object({ name: z.string().trim().min(1).max(100) }).strict()
export const Open311KeySchema = z.object({
  id: z.number().int(),
  /** The app it is for. */
  name: z.string(),
  /** The key's first characters, to recognise it. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** Requests posted with it. */
  requests: z.number().int(),
})
export type Open311Key = z.infer<typeof Open311KeySchema>
export const IssuedOpen311KeySchema = Open311KeySchema.extend({ key: z.string() })
export type IssuedOpen311Key = z.infer<typeof IssuedOpen311KeySchema>
