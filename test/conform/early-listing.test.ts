import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { conformFolder } from '../../src/commands/conform-flags.js'
import { PRESCAN_MIN_FILES, startEarlyUntracked, takeEarlyUntracked } from '../../src/conform/early-listing.js'
import { testdir } from './helpers.js'

const BIN = fileURLToPath(new URL('../../dist/bin/opsmith.js', import.meta.url))

async function bigRepo(extra: Record<string, string> = {}): Promise<string> {
  const tree: Record<string, string> = { '.gitignore': '*.log\n', ...extra }
  for (let index = 0; index < PRESCAN_MIN_FILES; index++) tree[`src/m${index % 20}/f${index}.py`] = `${index}\n`
  return testdir(tree, { git: true })
}

describe('conformFolder', () => {
  it.each([
    [[], '/work'],
    [['.'], '/work'],
    [['repo'], '/work/repo'],
    [['/abs/repo', '-f', 'sarif'], '/abs/repo'],
    [['-f', 'json', 'repo'], '/work/repo'],
    [['--format=json', '-o', 'report.json', 'repo'], '/work/repo'],
    [['--rule', 'secrets-no-credentials', '--profile', 'base', '--fix', 'repo'], '/work/repo'],
    [['-q', '--max-warnings', '3', '--fail-on', 'warning', 'repo'], '/work/repo'],
    [['--', '-odd-name'], '/work/-odd-name'],
    [['--help'], undefined],
    [['-h', 'repo'], undefined],
    [['one', 'two'], undefined],
  ])('%j -> %s', (argv, folder) => {
    expect(conformFolder(argv, '/work')).toBe(folder)
  })
})

describe('startEarlyUntracked', () => {
  it("starts git's walk for a big repository, and the listing takes it once", async () => {
    const dir = await bigRepo()
    fs.writeFileSync(path.join(dir, 'new.py'), 'new\n')
    fs.writeFileSync(path.join(dir, 'debug.log'), 'ignored\n')
    startEarlyUntracked(dir)
    const root = fs.realpathSync(dir)
    expect(takeEarlyUntracked(path.join(root, 'src'))).toBeUndefined()
    const early = await takeEarlyUntracked(root)
    expect(early?.stdout.split('\0').filter(Boolean)).toEqual(['new.py'])
    expect(takeEarlyUntracked(root)).toBeUndefined()
  })

  it('starts nothing for a small repository, a folder outside git, or no folder', async () => {
    const small = await testdir({ 'a.py': 'a\n' }, { git: true })
    const plain = await testdir({ 'a.py': 'a\n' })
    for (const dir of [small, plain, path.join(plain, 'missing'), undefined]) {
      startEarlyUntracked(dir)
      expect(takeEarlyUntracked(dir === undefined ? '' : fs.existsSync(dir) ? fs.realpathSync(dir) : dir)).toBeUndefined()
    }
  })

  // The bin starts the walk before it knows whether the command will run at all.
  it('leaves no git behind when the command stops first, even one waiting on a FIFO named .gitignore', async () => {
    const dir = await bigRepo()
    fs.mkdirSync(path.join(dir, 'deep'))
    execFileSync('mkfifo', [path.join(dir, 'deep', '.gitignore')])
    const started = Date.now()
    const run = await execa('node', [BIN, 'conform', '--max-warnings', 'x', dir], { reject: false })
    expect(run.exitCode).toBe(2)
    expect(Date.now() - started).toBeLessThan(10_000)
    // Give a killed git a moment to be gone from the process table.
    await new Promise((resolve) => setTimeout(resolve, 200))
    const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes('ls-files') && line.includes(fs.realpathSync(dir)))
    expect(left).toEqual([])
  })

  it('lists a big repository through the bin as git does', async () => {
    const dir = await bigRepo()
    fs.writeFileSync(path.join(dir, 'new.py'), 'print("new")\n')
    fs.writeFileSync(path.join(dir, 'debug.log'), 'ignored\n')
    const run = await execa('node', [BIN, 'conform', '-f', 'json', dir], { reject: false })
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout).summary.files).toBe(PRESCAN_MIN_FILES + 2)
  })
})
