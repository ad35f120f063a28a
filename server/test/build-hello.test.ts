import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { HelloMessageSchema, PUBLIC_PARKING_NAMESPACE, type HelloMessage } from '@citygrid/shared'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Platform } from '../src/platform.ts'
import { signIn, signInDisplay, startTestPlatform } from './platform.ts'
import { waitFor } from './socket-client.ts'
import { WAIT_MS } from './wait.ts'

/**
 * After a deploy, open pages reload themselves: the server announces the web build it serves
 * (web/dist/build.json, written by `vite build`) as the first message of every connection, on the
 * staff namespace (staff pages, wall screens) and the public parking one.
 */

const BUILD = '20261124T000000Z-0a1b2c3d'
let platform: Platform
let webDist: string
const sockets: Socket[] = []

beforeAll(async () => {
  webDist = await fs.mkdtemp(path.join(os.tmpdir(), 'citygrid-dist-'))
  await fs.writeFile(path.join(webDist, 'build.json'), JSON.stringify({ build: BUILD }))
  platform = await startTestPlatform({ webDist })
})
afterAll(async () => {
  for (const s of sockets) s.close()
  await platform?.close()
  if (webDist) await fs.rm(webDist, { recursive: true, force: true })
})

/** Connect as a page does and keep every message in arrival order. */
function connect(url: string, cookie?: string): { names: string[]; hellos: HelloMessage[] } {
  const socket = io(url, { transports: ['websocket'], reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}) })
  sockets.push(socket)
  const seen = { names: [] as string[], hellos: [] as HelloMessage[] }
  socket.onAny((name: string, ...args: unknown[]) => {
    seen.names.push(name)
    if (name === 'hello') seen.hellos.push(HelloMessageSchema.strict().parse(args[0]))
  })
  return seen
}

describe('the server announces its web build on connect', () => {
  it('to a staff page, first, before the catch-up ends', async () => {
    const staff = connect(platform.url, await signIn(platform.url, 'operator'))
    await waitFor(() => staff.names.includes('ready'), WAIT_MS, "the staff socket's ready")
    expect(staff.names[0]).toBe('hello')
    expect(staff.hellos).toEqual([{ build: BUILD }])
  })

  it('to a wall screen signed in with a display token', async () => {
    const wall = connect(platform.url, await signInDisplay(platform.url, await signIn(platform.url, 'admin'), 'build hello wall'))
    await waitFor(() => wall.hellos.length > 0, WAIT_MS, "the wall's hello")
    expect(wall.hellos).toEqual([{ build: BUILD }])
  })

  it('to the public parking page, without sign-in', async () => {
    const pub = connect(`${platform.url}${PUBLIC_PARKING_NAMESPACE}`)
    await waitFor(() => pub.hellos.length > 0, WAIT_MS, "the public page's hello")
    expect(pub.hellos).toEqual([{ build: BUILD }])
  })

  it('serves build.json with the pages, for whoever deploys to check', async () => {
    const res = await fetch(`${platform.url}/build.json`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ build: BUILD })
  })
})

describe('a build id given at start-up (the `buildId` option, BUILD_ID)', () => {
  let overridden: Platform
  beforeAll(async () => {
    overridden = await startTestPlatform({ webDist, buildId: 'test-build-override' })
  })
  afterAll(() => overridden?.close())

  it('is announced instead of the one in build.json', async () => {
    const pub = connect(`${overridden.url}${PUBLIC_PARKING_NAMESPACE}`)
    await waitFor(() => pub.hellos.length > 0, WAIT_MS, "the public page's hello")
    expect(pub.hellos).toEqual([{ build: 'test-build-override' }])
  })
})
