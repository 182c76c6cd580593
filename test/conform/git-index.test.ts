import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bytesSource, onlyIndexedInWorkTree, parseIndex, readIndex } from '../../src/conform/git-index.js'
import { listFiles } from '../../src/conform/repo-files.js'
import { testdir } from './helpers.js'

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', '-c', 'protocol.file.allow=always', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
// As conform's runGit decodes git's output: UTF-8, invalid bytes replaced.
const lsFiles = (cwd: string) => git(cwd, 'ls-files', '-z', '-c').split('\0').filter(Boolean)
const blob = (cwd: string, content: string) => execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd, input: content, encoding: 'utf8' }).trim()

async function repo(files: Record<string, string> = { 'a.txt': 'a\n', 'src/b.py': 'b\n', 'src/deep/c.ts': 'c\n' }): Promise<string> {
  return testdir(files, { git: true })
}

// Each layout git writes, read as `git ls-files -c` lists it.
const LAYOUTS: Array<[name: string, make: () => Promise<string>]> = [
  ['version 2 (a plain commit)', () => repo()],
  [
    'version 3 (intent-to-add and skip-worktree entries)',
    async () => {
      const dir = await repo()
      fs.writeFileSync(path.join(dir, 'later.txt'), 'x\n')
      git(dir, 'add', '-N', 'later.txt')
      git(dir, 'update-index', '--skip-worktree', 'src/b.py')
      return dir
    },
  ],
  [
    'version 4 (paths compressed against the one before)',
    async () => {
      const files: Record<string, string> = {}
      for (let index = 0; index < 40; index++) files[`packages/p${index % 4}/src/module-${index}/index.ts`] = `${index}\n`
      const dir = await repo(files)
      git(dir, 'update-index', '--index-version', '4')
      return dir
    },
  ],
  [
    'an unmerged path (once per stage) beside others',
    async () => {
      const dir = await repo({ 'x.txt': 'base\n', 'y.txt': 'y\n' })
      git(dir, 'checkout', '-q', '-b', 'other')
      fs.writeFileSync(path.join(dir, 'x.txt'), 'other\n')
      git(dir, 'commit', '-qam', 'other')
      git(dir, 'checkout', '-q', 'main')
      fs.writeFileSync(path.join(dir, 'x.txt'), 'main\n')
      git(dir, 'commit', '-qam', 'main')
      try {
        git(dir, 'merge', '-q', 'other')
      } catch {
        // The conflict is the point.
      }
      return dir
    },
  ],
  [
    'a submodule, a symlink, a name of 0xFFF bytes and more, and a name that is not UTF-8',
    async () => {
      const dir = await repo()
      fs.symlinkSync('a.txt', path.join(dir, 'link'))
      fs.writeFileSync(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from('.txt')]), 'latin-1 name\n')
      git(dir, 'add', '-A')
      // Neither is in the work tree (a path that long is not, on Linux): into the index only.
      git(dir, 'update-index', '--add', '--cacheinfo', `160000,${git(dir, 'rev-parse', 'HEAD').trim()},vendor/lib`)
      const long = `${Array.from({ length: 22 }, (_, index) => `${String(index).padStart(2, '0')}${'d'.repeat(198)}`).join('/')}/file.txt`
      git(dir, 'update-index', '--add', '--cacheinfo', `100644,${blob(dir, 'long\n')},${long}`)
      return dir
    },
  ],
]

describe('readIndex', () => {
  it.each(LAYOUTS)('lists what git ls-files -c lists: %s', async (_name, make) => {
    const dir = await make()
    const listed = readIndex(dir)
    expect(listed?.paths).toEqual(lsFiles(dir))
  })

  it('names the submodules', async () => {
    const dir = await (LAYOUTS[4] as [string, () => Promise<string>])[1]()
    expect([...(readIndex(dir)?.gitlinks ?? [])]).toEqual(['vendor/lib'])
    expect(readIndex(dir)?.paths.some((file) => file.length > 0xfff)).toBe(true)
    expect(readIndex(dir)?.paths).toContain('caf\ufffd.txt')
  })

  it('lists an empty index, and none where there is no index', async () => {
    const dir = await testdir({})
    git(dir, 'init', '-q')
    expect(readIndex(dir)).toBeUndefined()
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'empty')
    git(dir, 'read-tree', '--empty')
    expect(readIndex(dir)?.paths).toEqual([])
  })

  // Layouts left to git: what readIndex cannot read exactly as git does, it does not read at all.
  const LEFT_TO_GIT: Array<[name: string, make: () => Promise<{ dir: string; env?: NodeJS.ProcessEnv }>]> = [
    ['a split index', async () => {
      const dir = await repo()
      git(dir, 'update-index', '--split-index')
      return { dir }
    }],
    ['a sparse index', async () => {
      const dir = await repo({ 'a.txt': 'a\n', 'src/b.py': 'b\n', 'docs/c.md': 'c\n' })
      git(dir, 'sparse-checkout', 'set', '--cone', '--sparse-index', 'src')
      return { dir }
    }],
    ['a SHA-256 repository', async () => {
      const dir = await testdir({ 'a.txt': 'a\n' })
      git(dir, 'init', '-q', '--object-format=sha256')
      git(dir, 'add', '-A')
      return { dir }
    }],
    ['GIT_INDEX_FILE set', async () => ({ dir: await repo(), env: { GIT_INDEX_FILE: '/elsewhere/index' } })],
    ['GIT_DIR set', async () => ({ dir: await repo(), env: { GIT_DIR: '/elsewhere/.git' } })],
    ['a linked worktree (.git is a file)', async () => {
      const main = await repo()
      const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-worktree-')), 'linked')
      git(main, 'worktree', 'add', '-q', dir)
      return { dir }
    }],
    ['a .git without HEAD', async () => {
      const dir = await repo()
      fs.rmSync(path.join(dir, '.git', 'HEAD'))
      return { dir }
    }],
    ['a root whose .git/HEAD is a path too long to look at', async () => {
      let dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-long-'))
      while (dir.length < 4088 - 201) dir = path.join(dir, 'd'.repeat(200))
      dir = path.join(dir, 'e'.repeat(4088 - dir.length - 1))
      fs.mkdirSync(path.join(dir, '.git'), { recursive: true })
      return { dir }
    }],
    ['an index that is a FIFO', async () => {
      const dir = await repo()
      fs.rmSync(path.join(dir, '.git', 'index'))
      execFileSync('mkfifo', [path.join(dir, '.git', 'index')])
      return { dir }
    }],
  ]
  it.each(LEFT_TO_GIT)('leaves %s to git', async (_name, make) => {
    const { dir, env } = await make()
    expect(readIndex(dir, env ?? {})).toBeUndefined()
  })

  it('reads no bytes that do not add up', async () => {
    const dir = await repo()
    const bytes = fs.readFileSync(path.join(dir, '.git', 'index'))
    expect(parseIndex(bytesSource(bytes))?.paths).toEqual(['a.txt', 'src/b.py', 'src/deep/c.ts'])
    const broken = (change: (copy: Buffer) => Buffer) => parseIndex(bytesSource(change(Buffer.from(bytes))))
    // Truncated anywhere, another signature or version, a count it cannot hold, a name length that disagrees with
    // its NUL, padding that is not NULs, a folder entry, an extension git requires readers to know.
    for (let length = 0; length < bytes.length; length += 7) expect(broken((copy) => copy.subarray(0, length)), `truncated at ${length}`).toBeUndefined()
    expect(broken((copy) => (copy.write('DIRX', 0), copy))).toBeUndefined()
    expect(broken((copy) => (copy.writeUInt32BE(5, 4), copy))).toBeUndefined()
    expect(broken((copy) => (copy.writeUInt32BE(1_000_000, 8), copy))).toBeUndefined()
    expect(broken((copy) => (copy.writeUInt16BE(copy.readUInt16BE(12 + 60) + 1, 12 + 60), copy))).toBeUndefined()
    expect(broken((copy) => (copy.writeUInt8(1, 12 + 62 + 'a.txt'.length + 1), copy))).toBeUndefined()
    expect(broken((copy) => (copy.writeUInt32BE(0o040000, 12 + 24), copy))).toBeUndefined()
    const withExtension = (signature: string) => {
      const entriesEnd = bytes.length - 20
      const extension = Buffer.concat([Buffer.from(signature, 'latin1'), Buffer.from([0, 0, 0, 0])])
      return Buffer.concat([bytes.subarray(0, entriesEnd), extension, bytes.subarray(entriesEnd)])
    }
    expect(parseIndex(bytesSource(withExtension('ZZZZ')))?.paths).toHaveLength(3)
    expect(parseIndex(bytesSource(withExtension('zzzz')))).toBeUndefined()
    expect(parseIndex(bytesSource(withExtension('link')))).toBeUndefined()
  })
})

describe('onlyIndexedInWorkTree', () => {
  const CASES: Array<[name: string, change: (dir: string) => void, expected: boolean]> = [
    ['a clean checkout', () => undefined, true],
    ['a tracked file deleted', (dir) => fs.rmSync(path.join(dir, 'src/b.py')), true],
    ['an untracked file', (dir) => fs.writeFileSync(path.join(dir, 'src/new.py'), 'n\n'), false],
    ['an ignored file', (dir) => fs.writeFileSync(path.join(dir, 'debug.log'), 'x\n'), false],
    ['an empty folder', (dir) => fs.mkdirSync(path.join(dir, 'empty')), false],
    ['a tracked file that became a folder', (dir) => (fs.rmSync(path.join(dir, 'a.txt')), fs.mkdirSync(path.join(dir, 'a.txt'))), false],
    ['a folder that became a file', (dir) => (fs.rmSync(path.join(dir, 'src/deep'), { recursive: true }), fs.writeFileSync(path.join(dir, 'src/deep'), 'f\n')), false],
    ['a nested repository', (dir) => fs.mkdirSync(path.join(dir, 'src/.git')), false],
  ]
  it.each(CASES)('%s', async (_name, change, expected) => {
    const dir = await repo({ 'a.txt': 'a\n', '.gitignore': '*.log\n', 'src/b.py': 'b\n', 'src/deep/c.ts': 'c\n' })
    change(dir)
    expect(onlyIndexedInWorkTree(dir, readIndex(dir) ?? { paths: [], gitlinks: new Set() })).toBe(expected)
  })

  it('does not look into a submodule', async () => {
    const dir = await repo()
    git(dir, 'update-index', '--add', '--cacheinfo', `160000,${git(dir, 'rev-parse', 'HEAD').trim()},vendor/lib`)
    fs.mkdirSync(path.join(dir, 'vendor/lib'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'vendor/lib/inside.txt'), 'the submodule\'s own\n')
    expect(onlyIndexedInWorkTree(dir, readIndex(dir) ?? { paths: [], gitlinks: new Set() })).toBe(true)
  })
})

describe('listing from the index', () => {
  // A git first on PATH that notes each call before running the real one.
  function countingGit(): { env: NodeJS.ProcessEnv; calls: () => string[] } {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-git-calls-'))
    const log = path.join(bin, 'calls.log')
    const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim()
    fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`, { mode: 0o755 })
    return { env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` }, calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : []) }
  }

  it('starts no git for a clean work tree, and asks git only for the untracked files otherwise', async () => {
    const dir = await repo({ 'a.txt': 'a\n', '.gitignore': '*.log\n', 'src/b.py': 'b\n' })
    const counting = countingGit()
    const saved = process.env.PATH
    process.env.PATH = counting.env.PATH
    try {
      const clean = await listFiles(dir, { maxFileBytes: 1000 })
      expect(clean.files).toEqual(['.gitignore', 'a.txt', 'src/b.py'])
      expect(counting.calls()).toEqual([])
      fs.writeFileSync(path.join(dir, 'new.txt'), 'n\n')
      fs.writeFileSync(path.join(dir, 'debug.log'), 'ignored\n')
      const changed = await listFiles(dir, { maxFileBytes: 1000 })
      expect(changed.files).toEqual(['.gitignore', 'a.txt', 'new.txt', 'src/b.py'])
      expect(counting.calls()).toEqual([expect.stringMatching(/ ls-files -z -o --exclude-standard$/)])
    } finally {
      process.env.PATH = saved
    }
  })
})
