import { lstatSync, realpathSync, statSync } from 'node:fs'
import { lstat, readdir, readFile, realpath } from 'node:fs/promises'
import path from 'node:path'
import ignore, { type Ignore } from 'ignore'
import { FolderChain } from '../folder-chain.js'
import { LONG_RUN_FILES, tuneForLongRun } from '../tiering.js'
import { runGit, type GitResult } from './git.js'

// From this many listed paths on, the listing lstat()s, reads and prefilters the files on every core in one pass
// (a worker thread costs ~30 ms to start); below it, one lstat per file on this thread and nothing read.
const PRESCAN_MIN_FILES = 2000

/** The files conform looks at, and why some were left out. */
export interface FileListing {
  /** Repo-relative POSIX paths of regular files (symlinks inside the repo resolved), sorted. */
  files: string[]
  /** Files git tracks (empty outside a git work tree). */
  tracked: Set<string>
  /** Absolute path to read for each listed symlink (its target, inside the repo); any other file is read at root/file. */
  realPaths: Map<string, string>
  /** Size in bytes of each listed file, from the same lstat/stat that classified it (its keys are the listed files). */
  sizes: Map<string, number>
  /** Listed paths left out, with the reason (symlink out of the repo, symlink loop, ...). */
  excluded: Map<string, string>
  /**
   * Listed files read while listing (big repositories only) and found to be text of their listed size, at most
   * `maxFileBytes`, without any secret detector's keyword: the secrets rule has nothing to do with them.
   */
  secretKeywordFree: Set<string>
  isGit: boolean
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
  const tracked = await git.tracked
  if (tracked) {
    const listing = newListing(realRoot, true)
    listing.tracked = new Set(tracked)
    // Each path once (an unmerged file is listed once per stage), in git's order.
    await addFiles(listing, listing.tracked.size === tracked.length ? tracked : [...listing.tracked], options)
    // Both lists or none, as from one call (git times out on a FIFO named .gitignore): else walk, as outside git.
    const untracked = await git.untracked
    if (untracked) {
      await addFiles(listing, [...new Set(untracked.filter((file) => !listing.tracked.has(file)))], options)
      return finish(listing)
    }
  } else {
    await git.untracked
  }
  const listing = newListing(realRoot, false)
  // The walk meets each path once.
  await addFiles(listing, await walk(realRoot), options)
  return finish(listing)
}

type Listing = FileListing & { root: string; listed: number; folders: FolderChain }

function newListing(root: string, isGit: boolean): Listing {
  return { root, listed: 0, folders: new FolderChain(root.endsWith(path.sep) ? root : `${root}${path.sep}`), files: [], tracked: new Set(), realPaths: new Map(), sizes: new Map(), excluded: new Map(), secretKeywordFree: new Set(), isGit }
}

function finish({ root: _root, listed: _listed, folders: _folders, ...listing }: Listing): FileListing {
  listing.files.sort()
  return listing
}

/** Tracked and untracked paths, each undefined when git failed (outside a work tree). */
interface GitListing {
  tracked: Promise<string[] | undefined>
  untracked: Promise<string[] | undefined>
}

// An index this large (about 100 bytes an entry) lists enough files for the prescan: then two calls at once, as
// `git ls-files -c` reads the index within milliseconds while `-o` walks the tree for untracked files, so the
// tracked files are classified (and read) meanwhile. Smaller ones: one call, one spawn fewer.
const SPLIT_INDEX_BYTES = 128 * 1024

function startGitListing(root: string): GitListing {
  // git opens every .gitignore it meets and waits on a FIFO until its timeout (60 s by default): where that is
  // cheap to see, at the root (or behind a symlink there), the files are walked at once, as outside git.
  const gitignore = attempt(() => statSync(path.join(root, '.gitignore')))
  if (!(gitignore instanceof Error) && !gitignore.isFile() && !gitignore.isDirectory()) {
    return { tracked: Promise.resolve(undefined), untracked: Promise.resolve(undefined) }
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

/**
 * Starts `git ls-files` for `root` now, for the next `listFiles(root)` to take: `opsmith conform` calls it before
 * loading its rules, so git runs on another core meanwhile. Anything wrong with `root` is left for listFiles to report.
 */
export function prefetchListing(root: string): Promise<void> {
  let realRoot: string
  try {
    realRoot = realpathSync(root)
  } catch {
    return Promise.resolve()
  }
  const listing = startGitListing(realRoot)
  prefetched.set(realRoot, listing)
  // Settles when git is done; never rejects (a listing never taken has nobody to report its failure to).
  return Promise.allSettled([listing.tracked, listing.untracked]).then(() => undefined)
}

function takePrefetched(realRoot: string): GitListing | undefined {
  const listing = prefetched.get(realRoot)
  prefetched.delete(realRoot)
  return listing
}
// Classifies paths not listed before (the caller's lists hold each path once): one lstat each on this thread, or for
// many, prescanFiles on every core.
async function addFiles(listing: Listing, fresh: string[], options: ListOptions): Promise<void> {
  listing.listed += fresh.length
  // Known long from here on: V8's own tiering for the loops below (see tiering.ts), not only for the rules after them.
  if (listing.listed > LONG_RUN_FILES) tuneForLongRun()
  // Listed paths are already normalised: on POSIX, gluing the folder on beats path.join's normalising 20,000 times
  // (and the prescan glues it on itself, on every thread, so the worker threads are handed the short paths).
  const glue = path.sep === '/'
  const prefix = listing.root.endsWith(path.sep) ? listing.root : `${listing.root}${path.sep}`
  const absolute = (file: string): string => (glue ? prefix + file : path.join(listing.root, file))
  // Indexed loops: this code runs once, before V8 optimises it, and iterators would make an object per path.
  if (fresh.length < (options.prescanMinFiles ?? PRESCAN_MIN_FILES)) {
    for (let index = 0; index < fresh.length; index++) classify(listing.root, fresh[index] as string, absolute(fresh[index] as string), listing)
    return
  }
  // Loaded here: a small repository never needs the pool or the secret keywords while it lists.
  const { prescanFiles, PRESCAN_CLEAR, PRESCAN_UNKNOWN } = await import('../secrets/prefilter-pool.js')
  const { status, sizes } = await prescanFiles(glue ? fresh : fresh.map(absolute), { maxBytes: options.maxFileBytes, ...(glue ? { prefix, folders: listing.folders } : {}) })
  for (let index = 0; index < fresh.length; index++) {
    const file = fresh[index] as string
    if (status[index] === PRESCAN_UNKNOWN) {
      classify(listing.root, file, absolute(file), listing)
      continue
    }
    listing.files.push(file)
    listing.sizes.set(file, sizes[index] as number)
    if (status[index] === PRESCAN_CLEAR) listing.secretKeywordFree.add(file)
  }
}

// Decides whether a listed path is a readable regular file; symlinks are resolved but never out of
// the repo. Synchronous: 20,000 lstat calls take ~80 ms this way and ~700 ms as promises.
function classify(root: string, file: string, absolute: string, listing: Listing): void {
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
    listing.sizes.set(file, stats.size)
    return
  }
  if (!stats.isSymbolicLink()) return
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
  if (!targetStats.isFile()) return
  listing.files.push(file)
  listing.realPaths.set(file, target)
  listing.sizes.set(file, targetStats.size)
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
