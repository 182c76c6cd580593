import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { PRESCAN_CLEAR, PRESCAN_FILE, PRESCAN_UNKNOWN, prescanFiles } from '../../src/secrets/prefilter-pool.js'

// Assembled at run time so this file holds no credential-shaped string.
const TOKEN = ['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_')

describe('prescanFiles', () => {
  it('classifies as lstat does and marks only text without a keyword, with or without worker threads', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'opsmith-prefilter-'))
    const files: Array<[name: string, content: string | Buffer, status: number]> = [
      ['plain.py', 'def f():\n    return "https://example.org"\n', PRESCAN_CLEAR],
      ['empty.txt', '', PRESCAN_CLEAR],
      ['token.py', `token = "${TOKEN}"\n`, PRESCAN_FILE],
      ['keyword-only.md', 'Tokens start with ghp_ on GitHub.\n', PRESCAN_FILE],
      ['binary.bin', Buffer.from([1, 0, 2, 3]), PRESCAN_FILE],
      ['large.txt', 'x'.repeat(300), PRESCAN_FILE],
    ]
    for (const [name, content] of files) await writeFile(path.join(dir, name), content)
    // Never opened: a symlink (even to a clear file), a folder, a FIFO (opening it would block), a missing file.
    await symlink('plain.py', path.join(dir, 'link.py'))
    await mkdir(path.join(dir, 'folder'))
    if (process.platform !== 'win32') execFileSync('mkfifo', [path.join(dir, 'fifo')])
    const others = ['link.py', 'folder', 'fifo', 'missing.txt']
    const paths = [...files.map(([name]) => path.join(dir, name)), ...others.map((name) => path.join(dir, name))]
    const expected = [...files.map(([, , status]) => status), ...others.map(() => PRESCAN_UNKNOWN)]
    const sizes = [...files.map(([, content]) => Buffer.byteLength(content)), ...others.map(() => 0)]
    for (const workers of [0, 2]) {
      // Many copies of the list, so that every thread takes batches.
      const result = await prescanFiles(Array(200).fill(paths).flat(), { maxBytes: 256, workers })
      expect([...result.status], `${workers} workers`).toEqual(Array(200).fill(expected).flat())
      expect([...result.sizes], `${workers} workers`).toEqual(Array(200).fill(sizes).flat())
    }
  })
})
