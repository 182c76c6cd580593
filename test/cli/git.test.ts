import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { testdir } from '../helpers/testdir.js'

const BIN = path.resolve(import.meta.dirname, '../../dist/bin/opsmith.js')
const PINNED = `registry.example/opsmith/python@sha256:${'0'.repeat(63)}1`
const IMAGES = ['--base-image', PINNED, '--dev-image', PINNED]

describe('git during generation', () => {
  it('initialises a repository with one commit holding every file', async () => {
    const cwd = await testdir()
    const result = await execa('node', [BIN, 'new', 'demo', '--yes', ...IMAGES], { cwd })
    expect(result.stderr).toBe('')
    const project = path.join(cwd, 'demo')
    expect((await execa('git', ['log', '--oneline'], { cwd: project })).stdout).toMatch(/^[0-9a-f]+ Initial commit from opsmith python-ml /)
    expect((await execa('git', ['status', '--porcelain'], { cwd: project })).stdout).toBe('')
    expect((await execa('git', ['ls-files'], { cwd: project })).stdout.split('\n')).toContain('.opsmith.json')
  })

  it('treats a missing git as a warning, not a failure', async () => {
    const cwd = await testdir()
    const result = await execa(process.execPath, [BIN, 'new', 'demo', '--yes', ...IMAGES], { cwd, env: { PATH: '/nonexistent' }, extendEnv: false, reject: false })
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toContain('warning: Skipped git init: git is not installed.')
    expect(await fsp.readdir(path.join(cwd, 'demo'))).not.toContain('.git')
  })
})
