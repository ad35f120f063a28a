import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { BUILD_FILE, readBuildId } from './build.ts'

const log = pino({ level: 'silent' })
let dist: string

beforeEach(async () => {
  dist = await fs.mkdtemp(path.join(os.tmpdir(), 'citygrid-build-'))
})
afterEach(() => fs.rm(dist, { recursive: true, force: true }))

describe('the web build id the server announces', () => {
  it('is the one in build.json next to the pages', async () => {
    await fs.writeFile(path.join(dist, BUILD_FILE), '{"build":"20261124T000000Z-0a1b2c3d"}\n')
    expect(await readBuildId(dist, log)).toBe('20261124T000000Z-0a1b2c3d')
  })

  it('is null without a build (dev, tests) or with a file that is not one, so pages never reload for it', async () => {
    expect(await readBuildId(dist, log)).toBeNull()
    expect(await readBuildId(path.join(dist, 'missing'), log)).toBeNull()
    for (const text of ['not json', '{"build":""}', '{"build":42}', '{}']) {
      await fs.writeFile(path.join(dist, BUILD_FILE), text)
      expect(await readBuildId(dist, log), text).toBeNull()
    }
  })

  it('BUILD_ID overrides it (tests); unset, the file decides', () => {
    expect(loadConfig({}).buildId).toBeNull()
    expect(loadConfig({ BUILD_ID: 'test-build' }).buildId).toBe('test-build')
  })
})
