import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { SLOW_PACK, waitUntilStaged } from '../helpers/slow-pack.js'
import { testdir } from '../helpers/testdir.js'

const BIN = path.resolve(import.meta.dirname, '../../dist/bin/opsmith.js')
const entries = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir) : [])

describe('Ctrl+C during generation', () => {
  it('exits 130 and leaves nothing behind, not even a created parent folder', async () => {
    const pack = await testdir(SLOW_PACK)
    const cwd = await testdir()
    const child = execa('node', [BIN, 'new', 'parent/demo', '--yes', '--template', pack, '--trust'], { cwd, reject: false })
    await waitUntilStaged(path.join(cwd, 'parent'), 200)
    child.kill('SIGINT')
    const result = await child
    expect(result.exitCode).toBe(130)
    expect(result.stderr).toContain('Cancelled.')
    expect(await fsp.readdir(cwd)).toEqual([])
  })

  // A signal sent to opsmith alone (kill, a CI runner) leaves the git it started running: the clean-up must stop it
  // before removing the staging folder git is still writing into.
  it('exits 130 and leaves nothing behind when interrupted while git commits the staged project', async () => {
    for (let round = 0; round < 5; round++) {
      const cwd = await testdir()
      const child = execa('node', [BIN, 'new', 'demo', '--yes'], { cwd, reject: false })
      const started = Date.now()
      // Polled without waiting between looks: git init, add and commit take a few dozen milliseconds.
      for (let staged: string | undefined; Date.now() - started < 30_000; ) {
        staged ??= fs.readdirSync(cwd).find((name) => name.startsWith('.demo.opsmith-'))
        // `git add` has begun writing objects (folders beside info/ and pack/).
        if (staged !== undefined && entries(path.join(cwd, staged, '.git', 'objects')).length > 2) break
        await new Promise(setImmediate)
      }
      child.kill('SIGINT')
      const result = await child
      expect({ exitCode: result.exitCode, stderr: result.stderr.trim() }).toEqual({ exitCode: 130, stderr: 'Cancelled.' })
      expect(await fsp.readdir(cwd)).toEqual([])
    }
  }, 120_000)
})
