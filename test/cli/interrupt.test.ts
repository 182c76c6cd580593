import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { SLOW_PACK, waitUntilStaged } from '../helpers/slow-pack.js'
import { testdir } from '../helpers/testdir.js'

const BIN = path.resolve(import.meta.dirname, '../../dist/bin/opsmith.js')

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
})
