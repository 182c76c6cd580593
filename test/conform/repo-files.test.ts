import { execFileSync } from 'node:child_process'
import { realpathSync, statSync } from 'node:fs'
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { isListedKeywordFree, isListedTracked, listedSize, listFiles, type FileListing } from '../../src/conform/repo-files.js'
import { testdir } from './helpers.js'

// Assembled at run time so this file holds no credential-shaped string.
const TOKEN = ['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_')

describe('listFiles', () => {
  it('lists a big repository (read on every core) exactly as one lstat per path does', async () => {
    const tree: Record<string, string> = { '.gitignore': 'ignored/\n', 'ignored/x.txt': 'x', 'token.py': `t = "${TOKEN}"\n`, 'large.txt': 'y'.repeat(3000), 'gone.txt': 'deleted after the commit' }
    for (let index = 0; index < 60; index++) tree[`src/m${index % 7}/f${index}.py`] = `print(${index})  # https://example.org/${index}\n`
    const dir = await testdir(tree, { git: true })
    await rm(path.join(dir, 'gone.txt'))
    await writeFile(path.join(dir, 'untracked.md'), 'new\n')
    await writeFile(path.join(dir, 'binary.bin'), Buffer.from([1, 0, 2]))
    await symlink('token.py', path.join(dir, 'link-in.py'))
    await symlink('/etc/passwd', path.join(dir, 'link-out'))
    await symlink('nowhere', path.join(dir, 'link-broken'))
    await symlink('loop-b', path.join(dir, 'loop-a'))
    await symlink('loop-a', path.join(dir, 'loop-b'))
    await mkdir(path.join(dir, 'sub'))
    await symlink('..', path.join(dir, 'sub', 'parent'))
    // A tracked file replaced by a FIFO: neither listed nor opened (opening it would block).
    await rm(path.join(dir, 'src/m0/f0.py'))
    execFileSync('mkfifo', [path.join(dir, 'src/m0/f0.py')])

    const serial = await listFiles(dir, { maxFileBytes: 1000, prescanMinFiles: Number.POSITIVE_INFINITY })
    const pooled = await listFiles(dir, { maxFileBytes: 1000, prescanMinFiles: 1 })
    // The same, but for what only the prescan learns (which files hold no secret keyword).
    const known = (listing: FileListing) => ({ ...listing, info: listing.files.map((file) => [file, listedSize(listing, file), isListedTracked(listing, file)]) })
    expect(known(pooled)).toEqual(known(serial))
    expect([...pooled.realPaths]).toEqual([...serial.realPaths])
    const keywordFree = (listing: FileListing) => listing.files.filter((file) => isListedKeywordFree(listing, file))
    expect(keywordFree(serial)).toEqual([])
    expect(serial.files).toContain('untracked.md')
    expect(serial.files).not.toContain('src/m0/f0.py')
    expect(serial.files).not.toContain('gone.txt')
    expect(serial.files).not.toContain('ignored/x.txt')
    // A symlink inside the repository is read at its target; other files at root/file.
    expect([...serial.realPaths]).toEqual([['link-in.py', path.join(realpathSync(dir), 'token.py')]])
    expect(Object.fromEntries(serial.excluded)).toMatchObject({ 'link-out': 'symlink points outside the repository', 'loop-a': 'symlink loop', 'link-broken': expect.stringContaining('broken symlink') })
    // Read and found clear: the plain text files; not the token, the binary, the file over the limit, nor a symlink.
    expect(isListedKeywordFree(pooled, 'src/m1/f1.py')).toBe(true)
    expect(isListedKeywordFree(pooled, 'untracked.md')).toBe(true)
    for (const file of ['token.py', 'binary.bin', 'large.txt', 'link-in.py']) expect(isListedKeywordFree(pooled, file), file).toBe(false)
    expect(keywordFree(pooled)).toHaveLength(serial.files.length - 4)
    // Tracked or not, as git says; sizes as lstat says.
    expect(isListedTracked(serial, 'token.py')).toBe(true)
    expect(isListedTracked(serial, 'untracked.md')).toBe(false)
    expect(listedSize(pooled, 'large.txt')).toBe(3000)
    expect(listedSize(pooled, 'gone.txt')).toBeUndefined()
    // Sorted (untracked paths come from git after the tracked ones), each path still with its own size.
    expect(serial.files).toEqual([...serial.files].sort())
    for (const file of serial.files) expect(listedSize(serial, file), file).toBe(statSync(path.join(dir, file)).size)
  })

  // Git's index still lists a/… after `a` became a symlink; a checkout never makes this, a local change does.
  it('never lists or opens a tracked file through a folder that became a symlink or a file', async () => {
    const outside = await testdir({ 'passwd': `token = "${TOKEN}"\n`, 'deep/inner.txt': 'outside\n' })
    const dir = await testdir({ 'a/passwd': 'mine\n', 'b/c/inner.txt': 'mine\n', 'd/e.txt': 'mine\n', 'ok/f.txt': 'fine\n' }, { git: true })
    await rm(path.join(dir, 'a'), { recursive: true })
    await symlink(outside, path.join(dir, 'a'))
    await rm(path.join(dir, 'b', 'c'), { recursive: true })
    await symlink(path.join(outside, 'deep'), path.join(dir, 'b', 'c'))
    await rm(path.join(dir, 'd'), { recursive: true })
    await writeFile(path.join(dir, 'd'), 'now a file\n')
    for (const prescanMinFiles of [Number.POSITIVE_INFINITY, 1]) {
      const listing = await listFiles(dir, { maxFileBytes: 1000, prescanMinFiles })
      expect(listing.files, `prescan from ${prescanMinFiles}`).toEqual(['d', 'ok/f.txt'])
      expect(Object.fromEntries(listing.excluded), `prescan from ${prescanMinFiles}`).toMatchObject({
        'a/passwd': 'under a, a symlink: git counts it as deleted, and it is not read through the link',
        'b/c/inner.txt': 'under b/c, a symlink: git counts it as deleted, and it is not read through the link',
        'd/e.txt': 'under d, which is not a folder',
        a: 'symlink points outside the repository',
      })
    }
  })

  it('walks as before outside git', async () => {
    const dir = await testdir({ 'a.txt': 'a', '.gitignore': 'b.txt\n', 'b.txt': 'b' })
    const listing = await listFiles(dir, { maxFileBytes: 1000, prescanMinFiles: 1 })
    expect(listing.isGit).toBe(false)
    expect(listing.files).toEqual(['.gitignore', 'a.txt'])
    expect(listing.files.filter((file) => isListedKeywordFree(listing, file))).toEqual(['.gitignore', 'a.txt'])
    expect(listing.files.filter((file) => isListedTracked(listing, file))).toEqual([])
  })

  it('lists a repository with a large index (git asked for tracked and untracked files at once) as with a small one', async () => {
    const tree: Record<string, string> = { '.gitignore': '*.log\n' }
    // About 130 bytes an index entry: past the size from which the two lists come from two calls.
    for (let index = 0; index < 1100; index++) tree[`packages/component-${index % 10}/src/a-rather-long-folder-name/file-${index}.ts`] = `export const n = ${index}\n`
    const dir = await testdir(tree, { git: true })
    await writeFile(path.join(dir, 'untracked.ts'), 'new\n')
    await writeFile(path.join(dir, 'debug.log'), 'ignored\n')
    await rm(path.join(dir, 'packages/component-0/src/a-rather-long-folder-name/file-0.ts'))
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).split('\0').filter(Boolean)
    expect(statSync(path.join(dir, '.git', 'index')).size).toBeGreaterThan(128 * 1024)
    const listing = await listFiles(dir, { maxFileBytes: 1000 })
    expect(listing.isGit).toBe(true)
    // Tracked: what git's index lists and the work tree still has.
    expect(listing.files.filter((file) => isListedTracked(listing, file))).toEqual(git('ls-files', '-z', '-c').filter((file) => !file.endsWith('file-0.ts')).sort())
    const expected = git('ls-files', '-z', '-c', '-o', '--exclude-standard').filter((file) => !file.endsWith('file-0.ts')).sort()
    expect(listing.files).toEqual(expected)
    expect(listing.files).toContain('untracked.ts')
    expect(listing.files).not.toContain('debug.log')
  })
})
