import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sha256File } from '../../src/conform/hash.js'

describe('sha256File', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-hash-'))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  // Sizes around the 4 MiB chunk: empty, small, exactly one chunk, one byte over, several chunks and a tail.
  it.each([0, 1, 4096, 4 * 1024 * 1024, 4 * 1024 * 1024 + 1, 9 * 1024 * 1024 + 7])('hashes a file of %i bytes like a one-shot hash', async (size) => {
    const bytes = Buffer.alloc(size)
    for (let i = 0; i < size; i += 4093) bytes[i] = i % 251
    const file = path.join(dir, `file-${size}`)
    fs.writeFileSync(file, bytes)
    expect(await sha256File(file)).toBe(createHash('sha256').update(bytes).digest('hex'))
  })

  it('rejects for a missing file', async () => {
    await expect(sha256File(path.join(dir, 'missing'))).rejects.toThrow(/ENOENT/)
  })
})
