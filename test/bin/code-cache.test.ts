import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { testdir } from '../conform/helpers.js'

// The built bin, as users run it (`npm test` builds first). TMPDIR points the cache at a folder of this test.
const BIN = fileURLToPath(new URL('../../dist/bin/opsmith.js', import.meta.url))
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-code-cache-'))
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }))
const cacheDir = path.join(temp, `opsmith-compile-cache-${process.getuid?.() ?? os.userInfo().username}`)
const conform = (cwd: string, env: Record<string, string> = {}) => execa('node', [BIN, 'conform', '--format', 'json'], { reject: false, cwd, env: { TMPDIR: temp, ...env } })
const cacheFiles = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : [])

describe.skipIf(process.platform === 'win32')('opsmith conform with the compiled-code cache', () => {
  it('writes the cache on the first run, privately, and reports the same with it, without it and with a broken one', async () => {
    const dir = await testdir({ Dockerfile: 'FROM python:3.12\n', '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n' })
    const first = await conform(dir)
    expect(first.exitCode).toBe(1)
    expect(cacheFiles()).toEqual([expect.stringMatching(/^conform-[0-9a-f]{16}-.+\.bin$/)])
    const [file] = cacheFiles() as [string]
    expect(fs.statSync(cacheDir).mode & 0o777).toBe(0o700)
    expect(fs.statSync(path.join(cacheDir, file)).mode & 0o777).toBe(0o600)

    const cached = await conform(dir)
    const uncached = await conform(dir, { NODE_DISABLE_COMPILE_CACHE: '1' })
    fs.writeFileSync(path.join(cacheDir, file), 'not V8 code')
    const broken = await conform(dir)
    for (const run of [cached, uncached, broken]) expect({ exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr }).toEqual({ exitCode: first.exitCode, stdout: first.stdout, stderr: first.stderr })
    // The rejected file was replaced by a good one.
    expect(fs.statSync(path.join(cacheDir, file)).size).toBeGreaterThan(1000)
  })

  it('keeps one cache for short and long runs: a run of many files, which changes V8 flags, writes one the next run takes', async () => {
    const many = await testdir(Object.fromEntries(Array.from({ length: 1_001 }, (_, index) => [`src/file${index}.txt`, `${index}\n`])))
    const few = await testdir({ 'README.md': '# x\n' })
    fs.rmSync(cacheDir, { recursive: true, force: true })
    expect((await conform(many)).stderr).toBe('')
    const [file] = cacheFiles() as [string]
    const written = fs.statSync(path.join(cacheDir, file)).ino
    // A rejected cache is rewritten through a rename (a new inode); an accepted one is left alone.
    expect((await conform(few)).stderr).toBe('')
    expect((await conform(many)).stderr).toBe('')
    expect(cacheFiles()).toEqual([file])
    expect(fs.statSync(path.join(cacheDir, file)).ino).toBe(written)
  })

  it('keeps the four newest caches of the bundle and nothing else of its own', async () => {
    const dir = await testdir({ 'README.md': '# x\n' })
    fs.rmSync(cacheDir, { recursive: true, force: true })
    fs.mkdirSync(cacheDir, { mode: 0o700 })
    const old = Array.from({ length: 6 }, (_, index) => `conform-${String(index).repeat(16)}-11.3.244.8-node.38-x64.bin`)
    old.forEach((name, index) => {
      fs.writeFileSync(path.join(cacheDir, name), 'old')
      fs.utimesSync(path.join(cacheDir, name), new Date(2020, 0, index + 1), new Date(2020, 0, index + 1))
    })
    fs.writeFileSync(path.join(cacheDir, 'other.bin'), 'not a conform cache')
    expect((await conform(dir)).stderr).toBe('')
    const left = cacheFiles()
    expect(left).toHaveLength(5)
    expect(left).toEqual(expect.arrayContaining(['other.bin', old[5], old[4], old[3]]))
    expect(left.filter((name) => !old.includes(name) && name !== 'other.bin')).toEqual([expect.stringMatching(/^conform-[0-9a-f]{16}-/)])
  })

  it('neither reads nor writes a cache folder that others can write to', async () => {
    const dir = await testdir({ 'README.md': '# x\n' })
    fs.rmSync(cacheDir, { recursive: true, force: true })
    fs.mkdirSync(cacheDir)
    fs.chmodSync(cacheDir, 0o777)
    const run = await conform(dir)
    expect(run.stderr).toBe('')
    expect(cacheFiles()).toEqual([])
  })
})

describe('runCachedBundle', () => {
  // The build keeps dist/conform.cjs ASCII, which is read as Latin-1; a bundle that is not is still decoded as UTF-8.
  it.each([
    ['ASCII', "exports.text = 'caf\\u00e9 \\u{1F680}'"],
    ['UTF-8', "exports.text = 'café 🚀'"],
  ])('runs a %s bundle with its text intact', async (_kind, body) => {
    const { runCachedBundle } = await import('../../src/bin/code-cache.js')
    const file = path.join(temp, `bundle-${_kind}.cjs`)
    fs.writeFileSync(file, `// bundle-sha256: ${'0'.repeat(64)}\n${body}\n`)
    const previous = process.env.NODE_DISABLE_COMPILE_CACHE
    process.env.NODE_DISABLE_COMPILE_CACHE = '1'
    try {
      expect(runCachedBundle(file, require)).toEqual({ text: 'café 🚀' })
    } finally {
      if (previous === undefined) delete process.env.NODE_DISABLE_COMPILE_CACHE
      else process.env.NODE_DISABLE_COMPILE_CACHE = previous
    }
  })
})
