import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import fsp, { symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import picomatch from 'picomatch'
import { describe, expect, it } from 'vitest'
import { Repo } from '../../src/conform/repo.js'
import { listFiles, prefetchListing } from '../../src/conform/repo-files.js'
import { runGit } from '../../src/conform/git.js'
import { testdir } from './helpers.js'

describe('Repo.glob', () => {
  it('matches as picomatch does over every file, whether or not the pattern starts with a literal folder', async () => {
    const dir = await testdir({
      'Dockerfile': '', 'Dockerfile.dev': '', 'models/a/1.0.0/model.json': '', 'models/a/1.0.0/MODEL_CARD.md': '', 'models.txt': '', 'modelsx/b': '',
      '.github/workflows/ci.yml': '', '.github/workflows/sub/x.yml': '', '.github/dependabot.yml': '', 'prompts': '', 'src/Dockerfile': '', 'a/b': '', 'a/bc/d': '',
    })
    const repo = await Repo.open(dir)
    const patterns = ['models/*/*/**', '.github/workflows/*.{yml,yaml}', '**/Dockerfile*', 'Dockerfile', 'prompts/**', 'a/b', 'a/**', 'a/b*/**', './models/**', '!models/**', 'nothing/**',
      '**/*.yml', '**/.github/**', 'models/**/*.{json,md}', '**/Dockerfile?dev', '**/[Dd]ockerfile*', '**/@(Dockerfile|prompts)', 'src/**/Docker*']
    for (const pattern of patterns) {
      const matcher = picomatch(pattern, { dot: true })
      expect(repo.glob(pattern), pattern).toEqual(repo.files().filter((file) => matcher(file)))
    }
    expect(repo.glob('models/*/*/**')).toEqual(['models/a/1.0.0/MODEL_CARD.md', 'models/a/1.0.0/model.json'])
    expect(repo.glob('a/b')).toEqual(['a/b'])
  })
})

describe('Repo, by file name', () => {
  it('answers has, sizeOf, sizes, isTracked and the secrets rule\'s questions from the listing', async () => {
    const dir = await testdir({ 'a.txt': 'aaa', 'src/b.py': 'print(1)\n' }, { git: true })
    await writeFile(path.join(dir, 'new.md'), 'new\n')
    const repo = await Repo.open(dir)
    expect(repo.files()).toEqual(['a.txt', 'new.md', 'src/b.py'])
    expect(['a.txt', 'src/b.py', 'new.md', 'src', 'missing'].map((file) => repo.has(file))).toEqual([true, true, true, false, false])
    expect(['a.txt', 'new.md', 'missing'].map((file) => repo.sizeOf(file))).toEqual([3, 4, undefined])
    expect([...repo.sizes()]).toEqual([['a.txt', 3], ['new.md', 4], ['src/b.py', 9]])
    expect(['a.txt', 'src/b.py', 'new.md'].map((file) => repo.isTracked(file))).toEqual([true, true, false])
    // A small repository is not read while listing: the secrets rule reads every file.
    expect(repo.isSecretKeywordFree('a.txt')).toBe(false)
    expect(repo.secretCandidates()).toEqual(repo.files())
  })
})

describe('Repo.ignoredAmong', () => {
  // PATH without git: a question that needs git fails to start it.
  async function withoutGit<T>(run: () => Promise<T>): Promise<T> {
    const previous = process.env.PATH
    process.env.PATH = ''
    try {
      return await run()
    } finally {
      process.env.PATH = previous
    }
  }

  it('answers from the root .gitignore, without git, when it ignores every name asked about; asks git otherwise', async () => {
    const dir = await testdir({ '.gitignore': 'node_modules/\n.env\n.env.*\n!.env.example\n', 'a.txt': 'a' })
    execFileSync('git', ['init', '-q'], { cwd: dir })
    const repo = await Repo.open(dir)
    expect(await withoutGit(() => repo.ignoredAmong(['.env', '.env.local']))).toEqual(new Set(['.env', '.env.local']))
    expect(await repo.ignoredAmong(['.env', '.env.example', 'a.txt'])).toEqual(new Set(['.env']))
    await expect(withoutGit(() => repo.ignoredAmong(['.env', '.env.example']))).rejects.toThrow(/ENOENT/)
  })

  it('asks git when .gitignore is a symlink, which git does not read', async () => {
    const dir = await testdir({ 'ignored-list': '.env\n', 'a.txt': 'a' })
    await symlink('ignored-list', path.join(dir, '.gitignore'))
    execFileSync('git', ['init', '-q'], { cwd: dir })
    const repo = await Repo.open(dir)
    expect(await repo.ignoredAmong(['.env'])).toEqual(new Set())
  })
})

describe('listFiles and a FIFO', () => {
  // git would wait on it until its timeout (60 s by default): the files are walked at once, as outside git.
  it.each([['.gitignore'], ['a symlink to one']])('lists a git work tree whose root .gitignore is a FIFO (%s) without git, at once', async (kind) => {
    const dir = await testdir({ 'a.txt': 'a', 'src/b.py': 'b' })
    execFileSync('git', ['init', '-q'], { cwd: dir })
    if (kind === '.gitignore') execFileSync('mkfifo', [path.join(dir, '.gitignore')])
    else {
      execFileSync('mkfifo', [path.join(dir, 'pipe')])
      await symlink('pipe', path.join(dir, '.gitignore'))
    }
    const started = Date.now()
    const listing = await listFiles(dir, { maxFileBytes: 1000 })
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(listing.isGit).toBe(false)
    expect(listing.files).toEqual(['a.txt', 'src/b.py'])
  }, 30_000)

  // git opens every .gitignore it walks past and waits for a writer; where /proc says what it waits in, it is stopped
  // within a tenth of a second, not at the timeout (60 s), and the FIFO is reported with what it cost.
  it.skipIf(!fs.existsSync('/proc/self/wchan'))('stops git at a FIFO named .gitignore deeper in the tree, names it and walks the files', async () => {
    const dir = await testdir({ 'a.txt': 'a', 'src/b.py': 'b', 'src/deep/c.py': 'c' })
    execFileSync('git', ['init', '-q'], { cwd: dir })
    execFileSync('mkfifo', [path.join(dir, 'src/deep/.gitignore')])
    const started = Date.now()
    const result = await runGit(dir, ['ls-files', '-z', '-o', '--exclude-standard'], 50_000)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(result).toMatchObject({ exitCode: 124, fifo: 'src/deep/.gitignore' })
    expect(result.stderr).toBe('git ls-files stopped: it waited for a writer to open src/deep/.gitignore, a FIFO (named pipe)')
    const listing = await listFiles(dir, { maxFileBytes: 1000 })
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(listing.isGit).toBe(false)
    expect(listing.files).toEqual(['a.txt', 'src/b.py', 'src/deep/c.py'])
    expect([...listing.excluded]).toEqual([['src/deep/.gitignore', 'a FIFO (named pipe), not a regular file: not read, so no patterns from it were applied, and the files were listed without git']])
  }, 30_000)

  it.skipIf(process.platform === 'win32')('says which listed paths are neither files, folders nor symlinks, and a symlink to one', async () => {
    const dir = await testdir({ 'a.txt': 'a', 'b.txt': 'b' })
    execFileSync('git', ['init', '-q'], { cwd: dir })
    execFileSync('git', ['add', '.'], { cwd: dir })
    // Tracked files replaced by a FIFO and by a symlink to one: git still lists both.
    await fsp.rm(path.join(dir, 'a.txt'))
    execFileSync('mkfifo', [path.join(dir, 'a.txt')])
    execFileSync('mkfifo', [path.join(dir, 'pipe')])
    await fsp.rm(path.join(dir, 'b.txt'))
    await symlink('pipe', path.join(dir, 'b.txt'))
    const listing = await listFiles(dir, { maxFileBytes: 1000 })
    expect(listing.files).toEqual([])
    expect(Object.fromEntries(listing.excluded)).toEqual({ 'a.txt': 'a FIFO (named pipe), not a regular file', 'b.txt': 'a symlink to a FIFO (named pipe), not to a regular file' })
  })
})

describe('prefetchListing', () => {
  it('hands its git listing to the next listFiles of the same folder only; later listings see later changes', async () => {
    const dir = await testdir({ 'a.txt': 'a', 'src/b.py': 'b' })
    execFileSync('git', ['init', '-q'], { cwd: dir })
    const fresh = await listFiles(dir, { maxFileBytes: 1000 })
    await prefetchListing(dir).listed
    await writeFile(path.join(dir, 'c.txt'), 'c')
    // The prefetch ran before c.txt existed, so the first listing after it cannot hold it...
    expect((await listFiles(dir, { maxFileBytes: 1000 })).files).toEqual(fresh.files)
    // ...and the next one lists again.
    expect((await listFiles(dir, { maxFileBytes: 1000 })).files).toEqual(['a.txt', 'c.txt', 'src/b.py'])
  })

  it('leaves a folder that is not there to listFiles, without an unhandled rejection', async () => {
    const missing = path.join(await testdir({}), 'missing')
    await expect(prefetchListing(missing).listed).resolves.toBeUndefined()
    await expect(listFiles(missing, { maxFileBytes: 1000 })).rejects.toThrow(/ENOENT/)
  })
})
