import { createHash } from 'node:crypto'
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
    // The secret candidate makes the long run load the second bundle after the flags changed.
    const token = ['ghp', 'R8cK2vLq9TzX4mWn7YbPd3Hs6Jf1Ga5Ue0Qo'].join('_')
    const many = await testdir({ ...Object.fromEntries(Array.from({ length: 1_001 }, (_, index) => [`src/file${index}.txt`, `${index}\n`])), 'src/token.py': `TOKEN = "${token}"\n` })
    const few = await testdir({ 'README.md': '# x\n' })
    fs.rmSync(cacheDir, { recursive: true, force: true })
    expect((await conform(many)).stderr).toBe('')
    const files = cacheFiles().sort()
    expect(files).toEqual([expect.stringMatching(/^conform-[0-9a-f]{16}-/), expect.stringMatching(/^conform-lazy-/)])
    const written = files.map((file) => fs.statSync(path.join(cacheDir, file)).ino)
    // A rejected cache is rewritten through a rename (a new inode); an accepted one is left alone.
    expect((await conform(few)).stderr).toBe('')
    expect((await conform(many)).stderr).toBe('')
    expect(cacheFiles().sort()).toEqual(files)
    expect(files.map((file) => fs.statSync(path.join(cacheDir, file)).ino)).toEqual(written)
  })

  // V8 caches only what the writing run compiled: a first `conform --help` used to leave every later run compiling
  // most of the bundle again (+34 ms of 160 on a generated project), until the next release.
  it('writes the cache again when a run takes a code path the runs that wrote it did not, and only then', async () => {
    const dir = await testdir({ Dockerfile: 'FROM python:3.12\n', '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n' })
    fs.rmSync(cacheDir, { recursive: true, force: true })
    const run = (...args: string[]) => execa('node', [BIN, 'conform', ...args], { reject: false, cwd: dir, env: { TMPDIR: temp } })
    const cache = () => {
      const [file] = cacheFiles() as [string]
      const bytes = fs.readFileSync(path.join(cacheDir, file))
      const headerEnd = bytes.indexOf('\n\n', 20) + 2
      const header = bytes.toString('latin1', 0, headerEnd - 1).split('\n').filter(Boolean)
      // V8's data starts at a multiple of 8 (it copies data that is not aligned), NULs before it.
      const dataStart = Math.ceil(headerEnd / 8) * 8
      expect([...bytes.subarray(headerEnd, dataStart)]).toEqual(Array.from({ length: dataStart - headerEnd }, () => 0))
      return { ino: fs.statSync(path.join(cacheDir, file)).ino, size: bytes.length, header }
    }
    expect((await run('--help')).exitCode).toBe(0)
    const help = cache()
    expect(help.header).toEqual(['opsmith code cache 2'])
    expect((await run('-f', 'json')).exitCode).toBe(1)
    const checked = cache()
    expect(checked.ino).not.toBe(help.ino)
    expect(checked.size).toBeGreaterThan(help.size + 100_000)
    expect(checked.header).toEqual(['opsmith code cache 2', 'checked', 'findings', 'format:json', 'profile:base'])
    // Nothing new: the cache is left as it is; a new format adds to it, and what it had stays.
    await run('-f', 'json')
    await run('--help')
    expect(cache().ino).toBe(checked.ino)
    await run('-f', 'sarif')
    const sarif = cache()
    expect(sarif.ino).not.toBe(checked.ino)
    expect(sarif.header).toEqual(['opsmith code cache 2', 'checked', 'findings', 'format:json', 'format:sarif', 'profile:base'])
    expect(sarif.size).toBeGreaterThanOrEqual(checked.size)
    await run('-f', 'json')
    expect(cache().ino).toBe(sarif.ino)
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
    // The other bundle's caches are its own: a run that does not load it leaves all six.
    const lazy = old.map((name) => name.replace(/^conform-/, 'conform-lazy-'))
    for (const name of [...lazy, 'other.bin']) fs.writeFileSync(path.join(cacheDir, name), 'not a conform cache')
    expect((await conform(dir)).stderr).toBe('')
    const left = cacheFiles()
    expect(left).toHaveLength(11)
    expect(left).toEqual(expect.arrayContaining(['other.bin', old[5], old[4], old[3], ...lazy]))
    expect(left.filter((name) => !old.includes(name) && !lazy.includes(name) && name !== 'other.bin')).toEqual([expect.stringMatching(/^conform-[0-9a-f]{16}-/)])
  })

  // The secret detector, Ajv and execa come from dist/conform-lazy.cjs (.ci/build.mjs), loaded on first use.
  it('loads the second bundle only when a run needs it, and caches it the same way', async () => {
    const token = ['ghp', 'R8cK2vLq9TzX4mWn7YbPd3Hs6Jf1Ga5Ue0Qo'].join('_')
    const schema = { type: 'object', required: ['owner'], properties: { owner: { type: 'string', format: 'email' } } }
    const dir = await testdir({
      'config.py': `GITHUB_TOKEN = "${token}"\n`,
      'models/model.schema.json': JSON.stringify(schema),
      'models/churn/1.0.0/model.json': JSON.stringify({ owner: 'not an address' }),
    })
    fs.rmSync(cacheDir, { recursive: true, force: true })
    expect((await conform(await testdir({ 'README.md': '# x\n' }))).stderr).toBe('')
    expect(cacheFiles()).toEqual([expect.stringMatching(/^conform-[0-9a-f]{16}-/)])
    const first = await conform(dir)
    expect(cacheFiles().sort()).toEqual([expect.stringMatching(/^conform-[0-9a-f]{16}-/), expect.stringMatching(/^conform-lazy-[0-9a-f]{16}-/)])
    const findings = JSON.parse(first.stdout).findings as Array<{ rule: string; file: string; message: string }>
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'secrets-no-credentials', file: 'config.py' }))
    // The project's own schema, compiled by Ajv with its formats.
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'models-metadata-valid', message: expect.stringContaining('must match format "email"') }))
    const cached = await conform(dir)
    const uncached = await conform(dir, { NODE_DISABLE_COMPILE_CACHE: '1' })
    for (const run of [cached, uncached]) expect({ exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr }).toEqual({ exitCode: first.exitCode, stdout: first.stdout, stderr: first.stderr })
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

// In this process: no cache is written at its exit.
async function runUncached(file: string): Promise<Record<string, unknown>> {
  const { runCachedBundle } = await import('../../src/bin/code-cache.js')
  const previous = process.env.NODE_DISABLE_COMPILE_CACHE
  process.env.NODE_DISABLE_COMPILE_CACHE = '1'
  try {
    return runCachedBundle(file, require)
  } finally {
    if (previous === undefined) delete process.env.NODE_DISABLE_COMPILE_CACHE
    else process.env.NODE_DISABLE_COMPILE_CACHE = previous
  }
}

describe('runCachedBundle', () => {
  // The build keeps dist/conform.cjs ASCII, which is read as Latin-1; a bundle that is not is still decoded as UTF-8.
  it.each([
    ['ASCII', "exports.text = 'caf\\u00e9 \\u{1F680}'"],
    ['UTF-8', "exports.text = 'café 🚀'"],
  ])('runs a %s bundle with its text intact', async (_kind, body) => {
    const file = path.join(temp, `bundle-${_kind}.cjs`)
    fs.writeFileSync(file, `// bundle-sha256: ${'0'.repeat(64)}\n${body}\n`)
    expect(await runUncached(file)).toEqual({ text: 'café 🚀' })
  })

  it('runs a bundle the build wrapped as it is, and wraps any other body', async () => {
    const { BUNDLE_HEAD, BUNDLE_TAIL } = await import('../../src/bin/code-cache.js')
    const wrapped = path.join(temp, 'bundle-wrapped.cjs')
    fs.writeFileSync(wrapped, `// bundle-sha256: ${'1'.repeat(64)}\n${BUNDLE_HEAD}exports.strict = (function () { return this })() === undefined; exports.file = __filename${BUNDLE_TAIL}`)
    const plain = path.join(temp, 'bundle-plain.cjs')
    fs.writeFileSync(plain, `// bundle-sha256: ${'2'.repeat(64)}\nexports.strict = (function () { return this })() === undefined; exports.file = __filename\n`)
    for (const file of [wrapped, plain]) expect(await runUncached(file)).toEqual({ strict: true, file })
  })

  // What src/ imports from each package, as the conform bundle gets it from dist/conform-lazy.cjs (.ci/build.mjs).
  it('finds in dist/conform-lazy.cjs every package the conform bundle leaves to it', async () => {
    const lazy = (await runUncached(fileURLToPath(new URL('../../dist/conform-lazy.cjs', import.meta.url)))) as Record<string, () => Record<string, unknown>>
    const shapes = Object.fromEntries(Object.entries(lazy).map(([id, load]) => [id, Object.keys(load()).filter((key) => key !== '__esModule').sort()]))
    expect(Object.keys(shapes).sort()).toEqual(['@secretlint/core', '@secretlint/profiler', '@secretlint/secretlint-rule-preset-recommend', 'ajv-formats', 'ajv/dist/2020.js', 'execa'])
    expect(shapes.execa).toContain('execa')
    expect(shapes['@secretlint/core']).toContain('lintSource')
    expect(shapes['@secretlint/secretlint-rule-preset-recommend']).toContain('rules')
    expect(shapes['@secretlint/profiler']).toContain('secretLintProfiler')
    expect(typeof lazy['ajv/dist/2020.js']!().default).toBe('function')
    expect(typeof lazy['ajv-formats']!().default).toBe('function')
  })

  // The format the two sides agree on: .ci/build.mjs writes it, src/bin/code-cache.ts reads it.
  it('finds dist/conform.cjs wrapped, under the sha256 of what follows its first line', async () => {
    const { BUNDLE_HEAD, BUNDLE_TAIL } = await import('../../src/bin/code-cache.js')
    const text = fs.readFileSync(fileURLToPath(new URL('../../dist/conform.cjs', import.meta.url)), 'latin1')
    const [first, rest] = [text.slice(0, text.indexOf('\n') + 1), text.slice(text.indexOf('\n') + 1)]
    expect(rest.startsWith(BUNDLE_HEAD) && rest.endsWith(BUNDLE_TAIL)).toBe(true)
    expect(first).toBe(`// bundle-sha256: ${createHash('sha256').update(rest, 'latin1').digest('hex')}\n`)
  })
})
