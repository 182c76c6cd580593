import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkRelativePath, Contained, ContainmentError, sha256 } from '../src/contain.js'
import { testdir } from './helpers/testdir.js'

describe('checkRelativePath', () => {
  it.each<[string, string]>([
    ['README.md', 'README.md'],
    ['src/pkg/__init__.py', 'src/pkg/__init__.py'],
    ['dir/', 'dir'],
    // On POSIX a backslash is part of a name: `..\x` is a file called that, not traversal.
    ...(path.sep === '/' ? ([['..\\x', '..\\x'], ['a\\..\\..\\b', 'a\\..\\..\\b']] as [string, string][]) : []),
    ['..x', '..x'],
    ['x..', 'x..'],
  ])('accepts %j as %j', (input, output) => {
    expect(checkRelativePath(input)).toBe(output)
  })

  it.each([
    ['../x', 'leaves the project'],
    ['../../x', 'leaves the project'],
    ['a/../../x', 'leaves the project'],
    ['a/..', 'leaves the project'],
    ['/etc/passwd', 'absolute path'],
    ['a//b', 'not normalised'],
    ['./a', 'not normalised'],
    ['a/./b', 'not normalised'],
    ['', 'not a path'],
    ['src/evil\nname.py', 'control character'],
    ['tab\there', 'control character'],
    ['nul\u0000', 'control character'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(() => checkRelativePath(input)).toThrow(ContainmentError)
    expect(() => checkRelativePath(input)).toThrow(reason)
  })

  it.each([[42], [null], [undefined], [{}]])('refuses a non-string %j', (input) => {
    expect(() => checkRelativePath(input)).toThrow(ContainmentError)
  })
})

// A project folder beside an "outside" folder that symlinks in the project point at.
async function fixture(): Promise<{ root: string; outside: string; contained: Contained }> {
  const base = await testdir({ 'outside/secret.txt': 'outside\n', 'project/owned.txt': 'owned\n', 'project/user.txt': 'user\n', 'project/dir/a.txt': 'a\n' })
  const root = path.join(base, 'project')
  const outside = path.join(base, 'outside')
  await fsp.symlink(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'))
  await fsp.symlink(outside, path.join(root, 'linkdir'))
  await fsp.symlink(path.join(outside, 'missing.txt'), path.join(root, 'dangling.txt'))
  return { root, outside, contained: new Contained(root) }
}

const OWNED = sha256('owned\n')

describe('Contained: writes', () => {
  it.each([
    { name: 'a new file', file: 'new.txt', expect: { absent: true } as const },
    { name: 'a new file in new folders', file: 'a/b/c.txt', expect: { absent: true } as const },
    { name: 'an owned file by its recorded hash', file: 'owned.txt', expect: { sha256: OWNED } },
    { name: 'a regular file (fixes)', file: 'user.txt', expect: { regularFile: true } as const },
  ])('writes $name', async ({ file, expect: expectation }) => {
    const { root, contained } = await fixture()
    contained.write(file, 'new\n', expectation)
    expect(await fsp.readFile(path.join(root, file), 'utf8')).toBe('new\n')
    // No temporary sibling is left.
    expect((await fsp.readdir(path.dirname(path.join(root, file)))).filter((name) => name.includes('.opsmith-'))).toEqual([])
  })

  it.each([
    { name: 'through a symlinked file', file: 'link.txt', expect: { regularFile: true } as const, reason: 'symbolic link' },
    { name: 'through a symlinked file by hash', file: 'link.txt', expect: { sha256: sha256('outside\n') }, reason: 'symbolic link' },
    { name: 'onto a dangling symlink', file: 'dangling.txt', expect: { absent: true } as const, reason: 'symbolic link' },
    { name: 'through a symlinked folder', file: 'linkdir/new.txt', expect: { absent: true } as const, reason: 'linkdir is a symbolic link' },
    { name: 'through a symlinked folder onto a file', file: 'linkdir/secret.txt', expect: { regularFile: true } as const, reason: 'linkdir is a symbolic link' },
    { name: 'onto a file it did not create', file: 'user.txt', expect: { absent: true } as const, reason: 'did not create' },
    { name: 'onto a file whose hash differs', file: 'user.txt', expect: { sha256: OWNED }, reason: 'changed since' },
    { name: 'onto a folder', file: 'dir', expect: { regularFile: true } as const, reason: 'not a regular file' },
    { name: 'below a file', file: 'owned.txt/x', expect: { absent: true } as const, reason: 'not a folder' },
    { name: 'outside with ..', file: '../outside/secret.txt', expect: { regularFile: true } as const, reason: 'leaves the project' },
    { name: 'at an absolute path', file: path.join('/tmp', 'x'), expect: { absent: true } as const, reason: 'absolute' },
  ])('refuses to write $name, and changes nothing', async ({ file, expect: expectation, reason }) => {
    const { root, outside, contained } = await fixture()
    expect(() => contained.write(file, 'pwned\n', expectation)).toThrow(reason)
    expect(await fsp.readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('outside\n')
    expect(await fsp.readdir(outside)).toEqual(['secret.txt'])
    expect(await fsp.readFile(path.join(root, 'user.txt'), 'utf8')).toBe('user\n')
    expect(await fsp.readFile(path.join(root, 'owned.txt'), 'utf8')).toBe('owned\n')
  })

  it('keeps the mode of a replaced file', async () => {
    const { root, contained } = await fixture()
    await fsp.chmod(path.join(root, 'owned.txt'), 0o750)
    contained.write('owned.txt', 'x', { sha256: OWNED })
    expect((await fsp.stat(path.join(root, 'owned.txt'))).mode & 0o777).toBe(0o750)
  })

  it('resolves the root itself when it is a symlink', async () => {
    const { root } = await fixture()
    const alias = path.join(path.dirname(root), 'alias')
    await fsp.symlink(root, alias)
    new Contained(alias).write('via-alias.txt', 'x', { absent: true })
    expect(fs.existsSync(path.join(root, 'via-alias.txt'))).toBe(true)
  })
})

describe('Contained: deletes and renames', () => {
  it.each([
    { name: 'a symlink to an outside file', file: 'link.txt', reason: 'symbolic link' },
    { name: 'through a symlinked folder', file: 'linkdir/secret.txt', reason: 'linkdir is a symbolic link' },
    { name: 'a file whose hash differs', file: 'user.txt', reason: 'changed since' },
    { name: 'outside with ..', file: '../outside/secret.txt', reason: 'leaves the project' },
  ])('refuses to delete $name', async ({ file, reason }) => {
    const { root, outside, contained } = await fixture()
    expect(() => contained.remove(file, { sha256: OWNED })).toThrow(reason)
    expect(await fsp.readdir(outside)).toEqual(['secret.txt'])
    expect(fs.existsSync(path.join(root, 'user.txt'))).toBe(true)
  })

  it('deletes an owned file, and an absent one is no error', async () => {
    const { root, contained } = await fixture()
    contained.remove('owned.txt', { sha256: OWNED })
    contained.remove('owned.txt', { sha256: OWNED })
    expect(fs.existsSync(path.join(root, 'owned.txt'))).toBe(false)
  })

  it.each([
    { name: 'onto a user file (gitignored or not)', from: 'owned.txt', to: 'user.txt', reason: 'did not create' },
    { name: 'to ../../x', from: 'owned.txt', to: '../../x', reason: 'leaves the project' },
    { name: 'into a symlinked folder', from: 'owned.txt', to: 'linkdir/x', reason: 'linkdir is a symbolic link' },
    { name: 'onto a dangling symlink', from: 'owned.txt', to: 'dangling.txt', reason: 'symbolic link' },
    { name: 'a symlink', from: 'link.txt', to: 'moved.txt', reason: 'symbolic link' },
    { name: 'from outside', from: '../outside/secret.txt', to: 'moved.txt', reason: 'leaves the project' },
  ])('refuses to rename $name', async ({ from, to, reason }) => {
    const { root, outside, contained } = await fixture()
    expect(() => contained.rename(from, to, { regularFile: true })).toThrow(reason)
    expect(await fsp.readdir(outside)).toEqual(['secret.txt'])
    expect(await fsp.readFile(path.join(root, 'user.txt'), 'utf8')).toBe('user\n')
    expect(await fsp.readFile(path.join(root, 'owned.txt'), 'utf8')).toBe('owned\n')
  })

  it('renames an owned file into new folders', async () => {
    const { root, contained } = await fixture()
    contained.rename('owned.txt', 'docs/owned.md', { sha256: OWNED })
    expect(await fsp.readFile(path.join(root, 'docs/owned.md'), 'utf8')).toBe('owned\n')
    expect(fs.existsSync(path.join(root, 'owned.txt'))).toBe(false)
  })
})

describe('Contained: reads', () => {
  it('reads regular files only, never through a symlink or a FIFO', async () => {
    const { contained } = await fixture()
    expect(contained.read('owned.txt')).toMatchObject({ kind: 'file' })
    expect(contained.read('link.txt')).toEqual({ kind: 'symlink' })
    expect(contained.read('nothing.txt')).toEqual({ kind: 'absent' })
    expect(contained.read('dir')).toEqual({ kind: 'directory' })
    expect(() => contained.read('linkdir/secret.txt')).toThrow('symbolic link')
  })
})
