import fsp from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { testdir } from '../helpers/testdir.js'

const BIN = path.resolve(import.meta.dirname, '../../dist/bin/opsmith.js')

// A pack whose second action waits, so the test can interrupt generation half-way through writing.
const SLOW_PACK = {
  'opsmith-pack.json': JSON.stringify({ id: 'slow', description: 'waits half-way' }),
  'plopfile.js': `export default function (plop) {
  plop.setGenerator('project', {
    prompts: [{ type: 'input', name: 'projectName', message: 'Name' }],
    actions: [
      { type: 'add', path: 'first.txt', template: 'written before the interrupt' },
      () => new Promise((resolve) => setTimeout(() => resolve('late'), 20000)),
      { type: 'add', path: 'second.txt', template: 'never written' },
    ],
  })
}
`,
}

describe('Ctrl+C during generation', () => {
  it('exits 130 and leaves nothing behind, not even a created parent folder', async () => {
    const pack = await testdir(SLOW_PACK)
    const cwd = await testdir()
    const child = execa('node', [BIN, 'new', 'parent/demo', '--yes', '--template', pack, '--trust'], { cwd, reject: false })
    // Wait until the staging folder holds the first file, i.e. generation is half-way.
    for (let attempt = 0; attempt < 200; attempt++) {
      const staged = await fsp.readdir(path.join(cwd, 'parent')).catch(() => [] as string[])
      if (staged.length > 0 && (await fsp.readdir(path.join(cwd, 'parent', staged[0] as string)).catch(() => [])).length > 0) break
      await sleep(50)
    }
    child.kill('SIGINT')
    const result = await child
    expect(result.exitCode).toBe(130)
    expect(result.stderr).toContain('Cancelled.')
    expect(await fsp.readdir(cwd)).toEqual([])
  })
})
