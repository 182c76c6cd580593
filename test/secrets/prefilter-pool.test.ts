import { mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findClearFiles } from '../../src/secrets/index.js'

// Assembled at run time so this file holds no credential-shaped string.
const TOKEN = ['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_')

describe('findClearFiles', () => {
  it('marks only text of the listed size without a keyword, with or without worker threads', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'opsmith-prefilter-'))
    const files: Array<[name: string, content: string | Buffer, listedSize: number | undefined, clear: number]> = [
      ['plain.py', 'def f():\n    return "https://example.org"\n', undefined, 1],
      ['empty.txt', '', undefined, 1],
      ['token.py', `token = "${TOKEN}"\n`, undefined, 0],
      ['keyword-only.md', 'Tokens start with ghp_ on GitHub.\n', undefined, 0],
      ['binary.bin', Buffer.from([1, 0, 2, 3]), undefined, 0],
      ['large.txt', 'x'.repeat(300), undefined, 0],
      ['changed.txt', 'shorter than listed\n', 999, 0],
    ]
    for (const [name, content] of files) await writeFile(path.join(dir, name), content)
    const paths = [...files.map(([name]) => path.join(dir, name)), path.join(dir, 'missing.txt')]
    const sizes = [...files.map(([, content, listed]) => listed ?? Buffer.byteLength(content)), 10]
    const expected = [...files.map(([, , , clear]) => clear), 0]
    for (const workers of [0, 2]) {
      // Many copies of the list, so that every thread takes batches.
      const clear = await findClearFiles(Array(200).fill(paths).flat(), Array(200).fill(sizes).flat(), { maxBytes: 256, workers })
      expect([...clear], `${workers} workers`).toEqual(Array(200).fill(expected).flat())
    }
  })
})
