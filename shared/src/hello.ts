import { z } from 'zod'

/**
 * The server's first message on every socket.io connection, on every namespace the pages use: the id
 * of the web build it serves (web/dist/build.json, see web/vite.config.ts), or null when it serves none
 * it knows of (dev, tests without a build). A page built differently reloads itself at a quiet moment
 * (web/src/realtime/build-reload.ts). Its own module: the public parking page reads it without the
 * outbox's event types (a bundle budget).
 */
export const HelloMessageSchema = z.object({ build: z.string().min(1).max(200).nullable() })
export type HelloMessage = z.infer<typeof HelloMessageSchema>

