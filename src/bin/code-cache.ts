import { isAscii } from 'node:buffer'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import vm from 'node:vm'
import { restoreStartFlags, withStartFlags } from '../tiering.js'
import { codePaths } from '../code-paths.js'

// Node 20 keeps no compiled code between runs of an ES module (module.enableCompileCache arrived in 22), and
// compiling is a third of a short command's time. A CommonJS bundle run through vm.Script can hand V8 the code it
// compiled last time (cachedData). The build writes the bundle's sha256 on its first line; the cache file is named
// after it, V8's version and the architecture, and V8 itself rejects data made by other flags. Any failure (no
// writable temp dir, a directory another user owns, a full disk) leaves the run uncached, never failed.
// V8 caches what a run compiled, so the file starts with the code paths of the runs that wrote it (../code-paths.ts);
// a run that took another path writes it again, with what it compiled added.
const CACHE_MAGIC = 'opsmith code cache 2\n'

const HASH_LINE = /^\/\/ bundle-sha256: ([0-9a-f]{64})\n/

/**
 * .ci/build.mjs writes the bundle already wrapped, as Node wraps a CommonJS module: after the hash line, the file is
 * one function expression, which V8 compiles as it was read. Wrapping it here made a second string of the whole
 * source, which V8 then copied flat before compiling: several milliseconds of a short run.
 */
export const BUNDLE_HEAD = "(function (exports, require, module, __filename, __dirname) { 'use strict'; "
export const BUNDLE_TAIL = '\n})'

const bundles = new Map<string, Record<string, unknown>>()

/**
 * Runs a CommonJS bundle built by .ci/build.mjs, with V8's compiled code cached between runs; returns its exports.
 * `load` is the caller's `require`: a bundle requires only Node's own modules, absolute paths and, as `./name.cjs`,
 * another bundle beside it, which is run the same way, once (taking `load` rather than node:module's createRequire
 * spares loading node:module and the ES module loader it brings).
 */
export function runCachedBundle(file: string, load: NodeJS.Require): Record<string, unknown> {
  let ran = bundles.get(file)
  if (ran === undefined) {
    const dir = path.dirname(file)
    const bundleRequire = Object.assign((id: string) => (id.startsWith('./') && id.endsWith('.cjs') ? runCachedBundle(path.join(dir, id), load) : load(id)), load)
    ran = runBundle(file, bundleRequire)
    bundles.set(file, ran)
  }
  return ran
}

function runBundle(file: string, load: NodeJS.Require): Record<string, unknown> {
  const { source, cached, cacheFile } = readBundle(file)
  const hashLine = HASH_LINE.exec(source)
  // Any other CommonJS body is wrapped here; the wrapper stays on its first line so stack traces keep their line numbers.
  const wrapped = source.startsWith(BUNDLE_HEAD, hashLine?.[0].length ?? 0) && source.endsWith(BUNDLE_TAIL) ? source : `${BUNDLE_HEAD}${source}${BUNDLE_TAIL}`
  const script = withStartFlags(() => new vm.Script(wrapped, { filename: file, ...(cached ? { cachedData: cached.data } : {}) }))
  if (cacheFile !== undefined) {
    const known = cached !== undefined && script.cachedDataRejected !== true ? cached.paths : undefined
    // At exit the data holds every function the run compiled (and those it was handed), not only the top level.
    // Serialising it takes ~10 ms: only a first run, or one that went where the cached runs did not, pays it.
    process.once('exit', () => {
      const taken = [...codePaths()]
      if (known !== undefined && taken.every((name) => known.has(name))) return
      writeCache(cacheFile, script, new Set([...(known ?? []), ...taken]))
    })
  }
  const module = { exports: {} as Record<string, unknown> }
  ;(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, load, module, file, path.dirname(file))
  return module.exports
}

/**
 * Reads the bundle and, where there is one, its cache, both into one buffer: the bundle's bytes are garbage once
 * decoded, and a page of fresh memory costs a fault on its first touch (on the virtual machines CI runs on, ~15 µs a
 * page: 2 ms for the 600 KB of a second buffer). The build keeps the bundle ASCII (esbuild escapes the rest): read as
 * Latin-1 it is the same string, made in half the time UTF-8 decoding takes. Anything else is decoded as UTF-8.
 */
function readBundle(file: string): { source: string; cached: Cache | undefined; cacheFile: string | undefined } {
  const bundle = fs.openSync(file, 'r')
  let cache: number | undefined
  try {
    const size = fs.fstatSync(bundle).size
    // The hash line names the cache (a bundle without one is not cached).
    const head = Buffer.alloc(HASH_LINE_BYTES)
    const hash = HASH_LINE.exec(head.toString('latin1', 0, fs.readSync(bundle, head, 0, HASH_LINE_BYTES, 0)))?.[1]
    const cacheFile = hash === undefined || process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : cachePath(path.basename(file, '.cjs'), hash)
    cache = cacheFile === undefined ? undefined : openCache(cacheFile)
    const cacheSize = cache === undefined ? 0 : attempt(() => fs.fstatSync(cache as number).size, 0)
    const buffer = Buffer.allocUnsafeSlow(Math.max(size, cacheSize))
    const bytes = buffer.subarray(0, fs.readSync(bundle, buffer, 0, size, 0))
    const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8')
    const cached = cache === undefined || cacheSize === 0 ? undefined : readCache(cache, buffer.subarray(0, cacheSize))
    return { source, cached, cacheFile }
  } finally {
    fs.closeSync(bundle)
    if (cache !== undefined) fs.closeSync(cache)
  }
}

/** `// bundle-sha256: <64 hex digits>` and its line break. */
const HASH_LINE_BYTES = 83

function cachePath(name: string, hash: string): string {
  const user = process.getuid?.() ?? os.userInfo().username
  return path.join(os.tmpdir(), `opsmith-compile-cache-${user}`, `${name}-${hash.slice(0, 16)}-${process.versions.v8}-${process.arch}.bin`)
}

interface Cache {
  data: Buffer
  /** Code paths of the runs whose compiled code it holds. */
  paths: ReadonlySet<string>
}

// A cache file is only opened in a directory of ours that nobody else can write to.
function openCache(cacheFile: string): number | undefined {
  return attempt(() => (isPrivateDirectory(path.dirname(cacheFile)) ? fs.openSync(cacheFile, 'r') : undefined), undefined)
}

/**
 * The cache in `bytes` (its whole file, read into them). The data starts at the first multiple of 8 after the header,
 * as writeCache pads it: V8 copies cached data that is not aligned to a pointer before reading it.
 */
function readCache(fd: number, bytes: Buffer): Cache | undefined {
  if (attempt(() => fs.readSync(fd, bytes, 0, bytes.length, 0), 0) !== bytes.length) return undefined
  // The header ends at the first empty line (the magic's own line break starts it when no path is listed).
  const end = bytes.indexOf('\n\n', CACHE_MAGIC.length - 1)
  if (end === -1 || bytes.toString('latin1', 0, CACHE_MAGIC.length) !== CACHE_MAGIC) return undefined
  const paths = end < CACHE_MAGIC.length ? [] : bytes.toString('latin1', CACHE_MAGIC.length, end).split('\n')
  return { data: bytes.subarray(alignUp(end + 2)), paths: new Set(paths) }
}

const alignUp = (offset: number): number => Math.ceil(offset / 8) * 8

/** The operation's result, or `otherwise` when it threw (the cache only saves time: a failure means compiling as usual). */
function attempt<T>(operation: () => T, otherwise: T): T {
  try {
    return operation()
  } catch {
    return otherwise
  }
}

function writeCache(cacheFile: string, script: vm.Script, paths: ReadonlySet<string>): void {
  try {
    const dir = path.dirname(cacheFile)
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    if (!isPrivateDirectory(dir)) return
    // Written beside and renamed: a concurrent run reads the old file or the new one, never half of one.
    const temporary = `${cacheFile}.${process.pid}.tmp`
    restoreStartFlags()
    const header = Buffer.from(`${CACHE_MAGIC}${[...paths].sort().map((name) => `${name}\n`).join('')}\n`, 'latin1')
    const padding = Buffer.alloc(alignUp(header.length) - header.length)
    fs.writeFileSync(temporary, Buffer.concat([header, padding, script.createCachedData()]), { mode: 0o600 })
    fs.renameSync(temporary, cacheFile)
    pruneCaches(cacheFile)
  } catch (error) {
    ignoreCacheError(error)
  }
}

// Each build and Node version gets its own file: keep the few newest of a bundle (several installed versions may
// take turns), so upgrades do not pile up megabytes in the temp dir.
const KEPT_CACHES = 4
function pruneCaches(cacheFile: string): void {
  const dir = path.dirname(cacheFile)
  // Named as cachePath names them: the bundle's name (conform, conform-lazy), then 16 hex digits of its hash.
  const name = path.basename(cacheFile).replace(/-[0-9a-f]{16}-.*$/, '')
  const ofBundle = (file: string) => file.startsWith(`${name}-`) && /^-[0-9a-f]{16}-.*\.bin$/.test(file.slice(name.length))
  const caches = fs
    .readdirSync(dir)
    .filter(ofBundle)
    .map((name) => ({ file: path.join(dir, name), mtime: fs.statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime)
  for (const { file } of caches.slice(KEPT_CACHES)) fs.rmSync(file, { force: true })
}

// Compiled code is code: only a directory of ours that nobody else can write to is trusted.
function isPrivateDirectory(dir: string): boolean {
  const stats = fs.lstatSync(dir)
  if (!stats.isDirectory()) return false
  if (process.getuid === undefined) return true
  return stats.uid === process.getuid() && (stats.mode & 0o022) === 0
}

// The cache only saves time: a missing, unreadable or unwritable one means compiling as usual.
function ignoreCacheError(error: unknown): undefined {
  void error
  return undefined
}
