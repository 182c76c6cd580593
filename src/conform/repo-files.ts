import fs, { lstatSync, realpathSync, statSync } from 'node:fs'
import { lstat, readdir, readFile, realpath } from 'node:fs/promises'
import path from 'node:path'
import ignore, { type Ignore } from 'ignore'
import { FolderChain } from '../folder-chain.js'
import { LONG_RUN_FILES, tuneForLongRun } from '../tiering.js'
import { PRESCAN_MIN_FILES, rootGitignoreStopsGit, takeEarlyUntracked } from './early-listing.js'
import { indexEntryCount, onlyIndexedInWorkTree, readIndex } from './git-index.js'
import { runGit, type GitResult } from './git.js'

// From PRESCAN_MIN_FILES listed paths on, the listing lstat()s, reads and prefilters the files on every core in one
// pass (a worker thread costs ~30 ms to start); below it, one lstat per file on this thread and nothing read.

/** The files conform looks at, and why some were left out. */
export interface FileListing {
  /** Repo-relative POSIX paths of regular files (symlinks inside the repo resolved), sorted. */
  files: string[]
  /**
   * What is known of `files[i]`, read with listedSize, isListedTracked and isListedKeywordFree: its size in bytes,
   * from the same lstat/stat that classified it, times 4, plus TRACKED and KEYWORD_FREE. An array beside the sorted
   * paths rather than maps keyed by them: putting a big repository's 20,000 paths in a map and two sets took 40 ms of
   * the main thread (tables grown into fresh memory), where a lookup by name is a binary search over ~15 paths.
   */
  info: Float64Array
  /** Absolute path to read for each listed symlink (its target, inside the repo); any other file is read at root/file. */
  realPaths: Map<string, string>
  /** Listed paths left out, with the reason (symlink out of the repo, symlink loop, ...). */
  excluded: Map<string, string>
  isGit: boolean
}

/** Git tracks the file. */
const TRACKED = 1
/**
 * Read while listing (big repositories only) and found to be text of its listed size, at most `maxFileBytes`,
 * without any secret detector's keyword: the secrets rule has nothing to do with it.
 */
const KEYWORD_FREE = 2
const FLAGS = 4

/** Index of `file` in `listing.files`, or -1 when it is not listed. */
export function listedIndex(listing: FileListing, file: string): number {
  const { files } = listing
  let low = 0
  let high = files.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const candidate = files[middle] as string
    if (candidate === file) return middle
    if (candidate < file) low = middle + 1
    else high = middle - 1
  }
  return -1
}

/** Size in bytes of `files[index]`, as classified. */
export function sizeAt(listing: FileListing, index: number): number {
  return Math.floor((listing.info[index] as number) / FLAGS)
}

/** Whether the listing read `files[index]` and found no secret detector's keyword in it (see KEYWORD_FREE). */
export function isKeywordFreeAt(listing: FileListing, index: number): boolean {
  return ((listing.info[index] as number) & KEYWORD_FREE) !== 0
}

/** Size in bytes of a listed file, as classified; undefined when it is not listed. */
export function listedSize(listing: FileListing, file: string): number | undefined {
  const index = listedIndex(listing, file)
  return index === -1 ? undefined : sizeAt(listing, index)
}

/** Whether a listed file is one git tracks (false for anything not listed, and outside git). */
export function isListedTracked(listing: FileListing, file: string): boolean {
  const index = listedIndex(listing, file)
  return index !== -1 && ((listing.info[index] as number) & TRACKED) !== 0
}

/** Whether the listing read a listed file and found no secret detector's keyword in it (see KEYWORD_FREE). */
export function isListedKeywordFree(listing: FileListing, file: string): boolean {
  const index = listedIndex(listing, file)
  return index !== -1 && isKeywordFreeAt(listing, index)
}

export interface ListOptions {
  /** Largest file the listing reads (when it reads at all). */
  maxFileBytes: number
  /** From this many paths on, classify them with `prescanFiles` (default PRESCAN_MIN_FILES; tests lower it). */
  prescanMinFiles?: number
}

/** Lists `git ls-files -co --exclude-standard` inside a work tree, else walks honouring .gitignore. */
export async function listFiles(root: string, options: ListOptions): Promise<FileListing> {
  const realRoot = await realpath(root)
  const git = takePrefetched(realRoot) ?? startGitListing(realRoot)
  if (git.warm === undefined) return listGitOrWalk(realRoot, git, options)
  await git.warm
  try {
    return await listGitOrWalk(realRoot, git, options)
  } finally {
    // Threads warmed for a prescan that did not happen (fewer files to classify than the index said).
    ;(await import('../secrets/prefilter-pool.js')).coolPrescan(withSeparator(realRoot))
  }
}

async function listGitOrWalk(realRoot: string, git: GitListing, options: ListOptions): Promise<FileListing> {
  const tracked = await git.tracked
  if (tracked) {
    const listing = newListing(realRoot, true)
    // Each path once (an unmerged file is listed once per stage, one after the other), in git's order.
    await addFiles(listing, withoutRepeats(tracked), options, TRACKED)
    // Both lists or none, as from one call (git times out on a FIFO named .gitignore): else walk, as outside git.
    const untracked = await git.untracked
    if (untracked) {
      if (untracked.length > 0) {
        // Untracked paths are few next to the tracked ones, as a rule: a handful are each looked for among 20,000
        // tracked paths in 0.1 ms, where a set of the tracked paths takes 7 ms to make (each of them hashed).
        const fresh = new Set(untracked)
        if (fresh.size <= 32) {
          for (const file of [...fresh]) if (tracked.includes(file)) fresh.delete(file)
        } else {
          for (let index = 0; index < tracked.length && fresh.size > 0; index++) fresh.delete(tracked[index] as string)
        }
        await addFiles(listing, [...fresh], options, 0)
      }
      return finish(listing)
    }
  } else {
    await git.untracked
  }
  const listing = newListing(realRoot, false)
  // The walk meets each path once.
  await addFiles(listing, await walk(realRoot), options, 0)
  return finish(listing)
}

/** The list with each run of equal paths as one, or the list itself when it has none (as nearly always). */
function withoutRepeats(paths: string[]): string[] {
  for (let index = 1; index < paths.length; index++) {
    if (paths[index] === paths[index - 1]) return paths.filter((file, at) => file !== paths[at - 1])
  }
  return paths
}

/** `folder` and a separator: what goes before a path relative to it. */
function withSeparator(folder: string): string {
  return folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`
}

/** A listing being made: `infos[i]` is the info of `files[i]`, both in the order the paths were classified. */
type Listing = FileListing & { root: string; listed: number; folders: FolderChain; infos: number[] }

function newListing(root: string, isGit: boolean): Listing {
  return { root, listed: 0, folders: new FolderChain(withSeparator(root), fs), files: [], infos: [], info: new Float64Array(0), realPaths: new Map(), excluded: new Map(), isGit }
}

// Sorted, each path with its info: in git's order the tracked paths are sorted already (one run for the sort to find).
function finish({ root: _root, listed: _listed, folders: _folders, files, infos, ...listing }: Listing): FileListing {
  let sorted = true
  for (let index = 1; index < files.length && sorted; index++) sorted = (files[index - 1] as string) < (files[index] as string)
  if (sorted) return { ...listing, files, info: Float64Array.from(infos) }
  const order = Array.from(files.keys()).sort((a, b) => ((files[a] as string) < (files[b] as string) ? -1 : (files[a] as string) > (files[b] as string) ? 1 : 0))
  const info = new Float64Array(order.length)
  for (let index = 0; index < order.length; index++) info[index] = infos[order[index] as number] as number
  return { ...listing, files: order.map((index) => files[index] as string), info }
}

/** Tracked and untracked paths, each undefined when git failed (outside a work tree). */
interface GitListing {
  tracked: Promise<string[] | undefined>
  untracked: Promise<string[] | undefined>
  /** Set when prefetchListing started the prescan's worker threads (see warmPrescan). */
  warm?: Promise<void>
}

// An index this large (about 100 bytes an entry) lists enough files for the prescan: then two calls at once, as
// `git ls-files -c` reads the index within milliseconds while `-o` walks the tree for untracked files, so the
// tracked files are classified (and read) meanwhile. Smaller ones: one call, one spawn fewer.
const SPLIT_INDEX_BYTES = 128 * 1024

/** `entries`: what the index's header says it holds (indexEntryCount). */
function startGitListing(root: string, entries = indexEntryCount(root)): GitListing {
  // git opens every .gitignore it meets and waits on a FIFO until its timeout (60 s by default): where that is
  // cheap to see, at the root (or behind a symlink there), the files are walked at once, as outside git.
  if (rootGitignoreStopsGit(root)) return { tracked: Promise.resolve(undefined), untracked: Promise.resolve(undefined) }
  // Tracked paths from the index itself where its layout is a plain one (see git-index.ts); git lists what remains.
  // A big one: git starts walking for untracked files first (starting it costs more the more this process has
  // allocated), and the index, read meanwhile, is read by code V8 may optimise (it is known to be a long run).
  if (entries >= PRESCAN_MIN_FILES) {
    tuneForLongRun()
    const untracked = (takeEarlyUntracked(root) ?? runGit(root, ['ls-files', '-z', '-o', '--exclude-standard'])).then(paths)
    // Handled here too: when the first call fails to start, its error is the one listFiles reports.
    untracked.catch(() => undefined)
    const indexed = readIndex(root)
    return { tracked: indexed === undefined ? runGit(root, ['ls-files', '-z', '-c']).then(paths) : Promise.resolve(indexed.paths), untracked }
  }
  const indexed = readIndex(root)
  if (indexed !== undefined) {
    // A work tree that holds nothing the index does not list needs no git at all.
    const untracked = onlyIndexedInWorkTree(root, indexed) ? Promise.resolve([]) : runGit(root, ['ls-files', '-z', '-o', '--exclude-standard']).then(paths)
    untracked.catch(() => undefined)
    return { tracked: Promise.resolve(indexed.paths), untracked }
  }
  const index = attempt(() => statSync(path.join(root, '.git', 'index')))
  if (!(index instanceof Error) && index.size >= SPLIT_INDEX_BYTES) {
    const untracked = runGit(root, ['ls-files', '-z', '-o', '--exclude-standard']).then(paths)
    // Handled here too: when the first call fails to start, its error is the one listFiles reports.
    untracked.catch(() => undefined)
    return { tracked: runGit(root, ['ls-files', '-z', '-c']).then(paths), untracked }
  }
  // One spawn: `-t` tags each path, `H` (and other letters) for tracked, `?` for untracked.
  const both = runGit(root, ['ls-files', '-z', '-t', '-c', '-o', '--exclude-standard']).then((result) => {
    if (result.exitCode !== 0) return undefined
    const tracked: string[] = []
    const untracked: string[] = []
    for (const entry of result.stdout.split('\0')) {
      if (entry.length < 3) continue
      ;(entry[0] === '?' ? untracked : tracked).push(entry.slice(2))
    }
    return { tracked, untracked }
  })
  const untracked = both.then((lists) => lists?.untracked)
  untracked.catch(() => undefined)
  return { tracked: both.then((lists) => lists?.tracked), untracked }
}

function paths(result: GitResult): string[] | undefined {
  return result.exitCode === 0 ? result.stdout.split('\0').filter((file) => file !== '') : undefined
}

const prefetched = new Map<string, GitListing>()

/** What prefetchListing started; neither promise rejects (a listing never taken has nobody to report its failure to). */
export interface Prefetch {
  /** Settles when git is done. */
  listed: Promise<void>
  /**
   * Settles once the prescan's worker threads are starting (at once when none are): awaited before loading the
   * rules, which would otherwise run first and keep the threads from starting for as long.
   */
  warming: Promise<void>
}

/**
 * Starts `git ls-files` for `root` now, for the next `listFiles(root)` to take: `opsmith conform` calls it before
 * loading its rules, so git runs on another core meanwhile. Anything wrong with `root` is left for listFiles to report.
 */
export function prefetchListing(root: string): Prefetch {
  let realRoot: string
  try {
    realRoot = realpathSync(root)
  } catch {
    return { listed: Promise.resolve(), warming: Promise.resolve() }
  }
  const entries = indexEntryCount(realRoot)
  const listing = startGitListing(realRoot, entries)
  prefetched.set(realRoot, listing)
  // A tree git's index already lists enough files of is prescanned: its threads start now, while git lists.
  if (path.sep === '/' && entries >= PRESCAN_MIN_FILES) {
    listing.warm = import('../secrets/prefilter-pool.js').then((pool) => pool.warmPrescan(withSeparator(realRoot)))
  }
  return { listed: Promise.allSettled([listing.tracked, listing.untracked]).then(() => undefined), warming: listing.warm ?? Promise.resolve() }
}

function takePrefetched(realRoot: string): GitListing | undefined {
  const listing = prefetched.get(realRoot)
  prefetched.delete(realRoot)
  return listing
}
// Classifies paths not listed before (the caller's lists hold each path once): one lstat each on this thread, or for
// many, prescanFiles on every core. `flags`: TRACKED for git's tracked files.
async function addFiles(listing: Listing, fresh: string[], options: ListOptions, flags: number): Promise<void> {
  listing.listed += fresh.length
  // Known long from here on: V8's own tiering for the loops below (see tiering.ts), not only for the rules after them.
  if (listing.listed > LONG_RUN_FILES) tuneForLongRun()
  // Listed paths are already normalised: on POSIX, gluing the folder on beats path.join's normalising 20,000 times
  // (and the prescan glues it on itself, on every thread, so the worker threads are handed the short paths).
  const glue = path.sep === '/'
  const prefix = withSeparator(listing.root)
  const absolute = (file: string): string => (glue ? prefix + file : path.join(listing.root, file))
  // Indexed loops: this code runs once, before V8 optimises it, and iterators would make an object per path.
  if (fresh.length < (options.prescanMinFiles ?? PRESCAN_MIN_FILES)) {
    for (let index = 0; index < fresh.length; index++) classify(listing.root, fresh[index] as string, absolute(fresh[index] as string), listing, flags)
    return
  }
  // Loaded here: a small repository never needs the pool or the secret keywords while it lists.
  const { prescanFiles, PRESCAN_CLEAR, PRESCAN_UNKNOWN } = await import('../secrets/prefilter-pool.js')
  const { status, sizes } = await prescanFiles(glue ? fresh : fresh.map(absolute), { maxBytes: options.maxFileBytes, ...(glue ? { prefix, folders: listing.folders } : {}) })
  const infoOf = (index: number) => (sizes[index] as number) * FLAGS + flags + (status[index] === PRESCAN_CLEAR ? KEYWORD_FREE : 0)
  // Every path a regular file, and the first to be listed (git's tracked files): the list is the listing's.
  if (listing.files.length === 0 && status.indexOf(PRESCAN_UNKNOWN) === -1) {
    listing.files = fresh.slice()
    listing.infos = new Array<number>(fresh.length)
    for (let index = 0; index < fresh.length; index++) listing.infos[index] = infoOf(index)
    return
  }
  for (let index = 0; index < fresh.length; index++) {
    const file = fresh[index] as string
    if (status[index] === PRESCAN_UNKNOWN) {
      classify(listing.root, file, absolute(file), listing, flags)
      continue
    }
    listing.files.push(file)
    listing.infos.push(infoOf(index))
  }
}

// Decides whether a listed path is a readable regular file; symlinks are resolved but never out of
// the repo. Synchronous: 20,000 lstat calls take ~80 ms this way and ~700 ms as promises.
function classify(root: string, file: string, absolute: string, listing: Listing, flags: number): void {
  const beyond = listing.folders.problem(file)
  if (beyond !== undefined) {
    listing.excluded.set(file, beyond)
    return
  }
  const stats = attempt(() => lstatSync(absolute))
  if (stats instanceof Error) {
    // A tracked file deleted in the work tree is simply not there to check.
    if (stats.code !== 'ENOENT') listing.excluded.set(file, `cannot stat (${stats.code ?? stats.message})`)
    return
  }
  if (stats.isFile()) {
    listing.files.push(file)
    listing.infos.push(stats.size * FLAGS + flags)
    return
  }
  if (!stats.isSymbolicLink()) {
    // A folder is a submodule's (git lists it as one path): nothing to say. Anything else is neither file nor folder.
    const kind = specialFileKind(stats)
    if (kind !== undefined) listing.excluded.set(file, notRegularReason(file, kind))
    return
  }
  const target = attempt(() => realpathSync(absolute))
  if (target instanceof Error) {
    listing.excluded.set(file, target.code === 'ELOOP' ? 'symlink loop' : `broken symlink (${target.code ?? target.message})`)
    return
  }
  const relative = path.relative(root, target)
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    listing.excluded.set(file, 'symlink points outside the repository')
    return
  }
  const targetStats = lstatSync(target)
  if (!targetStats.isFile()) {
    const kind = specialFileKind(targetStats)
    if (kind !== undefined) listing.excluded.set(file, `a symlink to ${kind}, not to a regular file`)
    return
  }
  listing.files.push(file)
  listing.realPaths.set(file, target)
  listing.infos.push(targetStats.size * FLAGS + flags)
}

/** What a listed path that is neither a regular file, a folder nor a symlink is. */
function specialFileKind(stats: fs.Stats): string | undefined {
  if (stats.isFIFO()) return 'a FIFO (named pipe)'
  if (stats.isSocket()) return 'a socket'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  return undefined
}

// A .gitignore that is not a file is never read (a FIFO would block the read until a writer comes): its patterns do
// not apply, and inside git, git itself stops at it, so the files are walked as outside git.
function notRegularReason(file: string, kind: string): string {
  return path.posix.basename(file) === '.gitignore' ? `${kind}, not a regular file: not read, so no patterns from it were applied, and the files were listed without git` : `${kind}, not a regular file`
}

/** The operation's result, or the error it threw. */
export function attempt<T>(operation: () => T): T | NodeJS.ErrnoException {
  try {
    return operation()
  } catch (error) {
    return error as NodeJS.ErrnoException
  }
}

// Outside git: a walk that never descends into symlinked directories (so loops cannot recur),
// applying each directory's .gitignore on top of its parents'.
async function walk(root: string): Promise<string[]> {
  const files: string[] = []
  const visit = async (dir: string, rules: Array<{ base: string; matcher: Ignore }>): Promise<void> => {
    const relativeDir = path.relative(root, dir).split(path.sep).join('/')
    const gitignore = await readRegularFile(path.join(dir, '.gitignore'))
    const scoped = gitignore === undefined ? rules : [...rules, { base: relativeDir, matcher: ignore().add(gitignore) }]
    const entries = await readdir(dir, { withFileTypes: true })
    await Promise.all(
      entries.map(async (entry) => {
        if (entry.name === '.git') return
        const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name
        if (isIgnored(scoped, relative, entry.isDirectory())) return
        if (entry.isDirectory()) await visit(path.join(dir, entry.name), scoped)
        else files.push(relative)
      }),
    )
  }
  await visit(root, [])
  return files
}

/** Outside git: whether the .gitignore files from the root down to `file`'s folder ignore it. */
export async function isIgnoredByGitignoreFiles(root: string, file: string): Promise<boolean> {
  const parts = file.split('/')
  const rules = []
  for (let depth = 0; depth < parts.length; depth++) {
    const base = parts.slice(0, depth).join('/')
    const text = await readRegularFile(path.join(root, base, '.gitignore'))
    if (text !== undefined) rules.push({ base, matcher: ignore().add(text) })
  }
  return isIgnored(rules, file)
}

// lstat first: a FIFO, socket or device named .gitignore would block the read forever; a symlink is not followed.
async function readRegularFile(file: string): Promise<string | undefined> {
  const stats = await lstat(file).catch(() => undefined)
  if (!stats?.isFile()) return undefined
  return readFile(file, 'utf8').catch(() => undefined)
}

/** Whether `relative` is ignored by .gitignore rules collected from its ancestor directories. */
export function isIgnored(rules: Array<{ base: string; matcher: Ignore }>, relative: string, isDirectory = false): boolean {
  return rules.some(({ base, matcher }) => {
    const local = base ? relative.slice(base.length + 1) : relative
    return local !== '' && matcher.ignores(isDirectory ? `${local}/` : local)
  })
}
