import fs from 'node:fs/promises'
import path from 'node:path'
import type { Logger } from 'pino'
import { HelloMessageSchema, PUBLIC_PARKING_NAMESPACE, PUBLIC_REPORT_NAMESPACE, type HelloMessage } from '@citygrid/shared'
import type { CitygridServer } from './socket.ts'

/** Written by every `vite build` next to the pages (web/vite.config.ts): `{"build": "<id>"}`. */
export const BUILD_FILE = 'build.json'

/**
 * The id of the web build in `webDist`, read once at start-up; null without one (dev, tests without a
 * build), so pages never reload for it. A file that cannot be read as one is logged and counts as none.
 */
export async function readBuildId(webDist: string, log: Logger): Promise<string | null> {
  const file = path.join(webDist, BUILD_FILE)
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ err, file }, 'web build id unreadable; pages will not reload after deploys')
    return null
  }
  try {
    const parsed = HelloMessageSchema.safeParse(JSON.parse(text))
    if (parsed.success) return parsed.data.build
  } catch {
    // not JSON: reported below
  }
  log.warn({ file }, 'web build id malformed; pages will not reload after deploys')
  return null
}

/**
 * Every connection, on the staff namespace (staff pages and wall screens), the public parking one and
 * the citizens' report one, first hears which web build this server serves (`hello`); pages of another
 * build reload themselves (web/src/realtime/build-reload.ts). Call it before any other connection handler.
 */
export function announceBuild(io: CitygridServer, build: string | null): void {
  const hello: HelloMessage = HelloMessageSchema.parse({ build })
  for (const name of ['/', PUBLIC_PARKING_NAMESPACE, PUBLIC_REPORT_NAMESPACE]) io.of(name).on('connection', (socket) => socket.emit('hello', hello))
}
