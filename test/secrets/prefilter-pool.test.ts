import fs from 'node:fs'
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { execFileSync, spawn } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { coolPrescan, PRESCAN_CLEAR, PRESCAN_FILE, PRESCAN_UNKNOWN, prescanFiles, warmPrescan } from '../../src/secrets/prefilter-pool.js'

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
      // The same paths relative to a prefix every thread puts before them.
      const relative = await prescanFiles(Array(200).fill(paths.map((file) => path.relative(dir, file))).flat(), { maxBytes: 256, workers, prefix: `${dir}${path.sep}` })
      expect([...relative.status], `${workers} workers, relative`).toEqual([...result.status])
      expect([...relative.sizes], `${workers} workers, relative`).toEqual([...result.sizes])
    }
  })

  // A tracked path whose folder became a symlink: never opened (opening a FIFO out there wakes its writer).
  it.skipIf(process.platform === 'win32')('never opens a path through a folder that is a symlink', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'opsmith-prefilter-outside-'))
    execFileSync('mkfifo', [path.join(outside, 'fifo')])
    const dir = await mkdtemp(path.join(os.tmpdir(), 'opsmith-prefilter-'))
    await symlink(outside, path.join(dir, 'a'))
    await writeFile(path.join(dir, 'plain.txt'), 'text\n')
    // Blocks in open(2) until a reader opens the FIFO, then says so.
    const writer = spawn('bash', ['-c', 'exec 3>"$0"; echo opened', path.join(outside, 'fifo')], { stdio: ['ignore', 'pipe', 'inherit'] })
    let opened = false
    writer.stdout.on('data', () => (opened = true))
    try {
      // Each thread looks at the folders of the batches it takes: enough of them that the worker, once started, takes some.
      for (const workers of [0, 1]) {
        const result = await prescanFiles(Array(10_000).fill(['a/fifo', 'plain.txt']).flat(), { maxBytes: 1 << 20, workers, prefix: `${dir}${path.sep}` })
        expect([...result.status], `${workers} workers`).toEqual(Array(10_000).fill([PRESCAN_UNKNOWN, PRESCAN_CLEAR]).flat())
      }
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(opened).toBe(false)
    } finally {
      writer.kill()
    }
  })

  // Started while git lists the files (repo-files.ts): taken by the prescan of the same prefix, or stopped unused.
  it('takes the threads warmPrescan started for its prefix, and coolPrescan stops the ones nobody took', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'opsmith-prefilter-'))
    await writeFile(path.join(dir, 'plain.txt'), 'text\n')
    await writeFile(path.join(dir, 'token.py'), `token = "${TOKEN}"\n`)
    const prefix = `${dir}${path.sep}`
    const expected = Array(1000).fill([PRESCAN_CLEAR, PRESCAN_FILE]).flat()
    for (const workers of [undefined, 0]) {
      warmPrescan(prefix)
      // Taken (with workers: 0, stopped as surplus), then nothing left to cool.
      const result = await prescanFiles(Array(1000).fill(['plain.txt', 'token.py']).flat(), { maxBytes: 1 << 20, prefix, ...(workers === undefined ? {} : { workers }) })
      expect([...result.status], `workers ${workers}`).toEqual(expected)
      coolPrescan(prefix)
    }
    // Warmed and never used: stopped, and a later prescan starts threads of its own.
    warmPrescan(prefix)
    coolPrescan(prefix)
    expect([...(await prescanFiles(Array(1000).fill(['plain.txt', 'token.py']).flat(), { maxBytes: 1 << 20, prefix })).status]).toEqual(expected)
  })

  it('reads text of any size up to the limit, and calls it binary only for a NUL in its first 8000 bytes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'opsmith-prefilter-'))
    const files: Array<[name: string, content: string, status: number]> = [
      ['nul-at-7999.txt', `${'a'.repeat(7999)}\0tail`, PRESCAN_FILE],
      ['nul-at-8000.txt', `${'a'.repeat(8000)}\0tail`, PRESCAN_CLEAR],
      ['big-clear.txt', 'line of text\n'.repeat(20_000), PRESCAN_CLEAR],
      ['big-keyword.txt', `${'line of text\n'.repeat(20_000)}token = "${TOKEN}"\n`, PRESCAN_FILE],
      // Around the first read's 64 KiB, with the keyword in the last bytes: what is past the first chunk is read too.
      ...[-1, 0, 1].flatMap((offset): Array<[string, string, number]> => {
        const tail = `token = "${TOKEN}"`
        return [
          [`chunk${offset}-keyword.txt`, `${'a'.repeat(64 * 1024 + offset - tail.length)}${tail}`, PRESCAN_FILE],
          [`chunk${offset}-clear.txt`, 'a'.repeat(64 * 1024 + offset), PRESCAN_CLEAR],
        ]
      }),
    ]
    for (const [name, content] of files) await writeFile(path.join(dir, name), content)
    for (const workers of [0, 1]) {
      const result = await prescanFiles(Array(50).fill(files.map(([name]) => path.join(dir, name))).flat(), { maxBytes: 1 << 20, workers })
      expect([...result.status], `${workers} workers`).toEqual(Array(50).fill(files.map(([, , status]) => status)).flat())
      expect([...result.sizes], `${workers} workers`).toEqual(Array(50).fill(files.map(([, content]) => Buffer.byteLength(content))).flat())
    }
  })

  // Read before it is classified (pread: a FIFO or a terminal fails, ESPIPE): a device that reads stays UNKNOWN.
  it.skipIf(process.platform === 'win32')('leaves devices that can be read for the caller to classify', async () => {
    for (const workers of [0, 1]) {
      const result = await prescanFiles(Array(100).fill(['/dev/null', '/dev/zero']).flat(), { maxBytes: 1 << 20, workers })
      expect([...result.status], `${workers} workers`).toEqual(Array(200).fill(PRESCAN_UNKNOWN))
    }
  })

  it.skipIf(process.platform === 'win32')('leaves what a writer put in a FIFO where it was', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'opsmith-prefilter-'))
    const fifo = path.join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    // Held open for reading and writing by another process, with a line waiting in it.
    const writer = spawn('bash', ['-c', 'exec 3<>"$0"; printf "waiting\\n" >&3; echo ready; sleep 30', fifo], { stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      await new Promise((resolve) => writer.stdout.once('data', resolve))
      const result = await prescanFiles(Array(100).fill(fifo), { maxBytes: 1 << 20, workers: 1 })
      expect([...result.status]).toEqual(Array(100).fill(PRESCAN_UNKNOWN))
      const reader = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK)
      const buffer = Buffer.alloc(64)
      const read = fs.readSync(reader, buffer)
      fs.closeSync(reader)
      expect(buffer.toString('utf8', 0, read)).toBe('waiting\n')
    } finally {
      writer.kill()
    }
  })
})
