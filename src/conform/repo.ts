import { realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import picomatch from 'picomatch'
import { globMatcher, isLiteralPath } from '../glob.js'
import { repositoryFilterOverrides, runGit } from './git.js'
import { attempt, isIgnoredByGitignoreFiles, isKeywordFreeAt, isListedKeywordFree, isListedTracked, listedIndex, listedSize, listFiles, sizeAt, type FileListing } from './repo-files.js'
import { sha256File } from './hash.js'
import { rootGitignoreIgnoresAll } from './parse/ignore-file.js'
import { BINARY_SNIFF_BYTES, readFileBytes, readFileRange } from './file-read.js'

export { positionAt } from '../secrets/index.js'

/** Files above this size are not read as text (binary model artifacts are hashed by streaming instead). */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024

export interface RepoOptions {
  /** Largest file read as text, in bytes. */
  maxFileBytes?: number
}

export interface ReadOptions {
  /** Keep the text for later reads (default true; bulk scans pass false to bound memory). */
  cache?: boolean
}

/** Read-only view of a repository: rules see files only through this, never through fs. */
export class Repo {
  /** Files a rule asked for that could not be read as text, with the reason (engine reports them). */
  readonly skipped = new Map<string, string>()
  /** Files a shared parser could not parse, with the error and where (engine reports each once as `parse-error`). */
  readonly unparsed = new Map<string, { message: string; line?: number; column?: number }>()
  private readonly texts = new Map<string, string | undefined>()
  private realRoot: string | undefined
  private filterOverrides: Promise<string[]> | undefined

  private constructor(
    readonly root: string,
    private readonly listing: FileListing,
    readonly maxFileBytes: number,
  ) {}

  /** Lists the files of `root` once; everything else is read lazily. */
  static async open(root: string, options: RepoOptions = {}): Promise<Repo> {
    const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES
    const listing = await listFiles(root, { maxFileBytes })
    return new Repo(path.resolve(root), listing, maxFileBytes)
  }

  get isGit(): boolean {
    return this.listing.isGit
  }

  /** Sorted repo-relative POSIX paths. */
  files(): readonly string[] {
    return this.listing.files
  }

  /** Listed paths left out of `files()` (symlinks out of the repo, loops), with the reason. */
  excluded(): ReadonlyMap<string, string> {
    return this.listing.excluded
  }

  has(file: string): boolean {
    return listedIndex(this.listing, file) !== -1
  }

  /** Whether git tracks the listed file (false outside git). */
  isTracked(file: string): boolean {
    return isListedTracked(this.listing, file)
  }

  /** Files matching a glob (dotfiles included), e.g. `**\/Dockerfile*`. */
  glob(pattern: string): string[] {
    if (isLiteralPath(pattern)) return this.has(pattern) ? [pattern] : []
    const matcher = globMatcher(pattern)
    const literal = longestLiteral(pattern)
    return filesStartingWith(this.listing.files, staticPrefix(pattern)).filter((file) => file.includes(literal) && matcher(file))
  }

  absolutePath(file: string): string {
    return this.listing.realPaths.get(file) ?? path.join(this.root, file)
  }

  async size(file: string): Promise<number | undefined> {
    return this.sizeOf(file)
  }

  /** Size of a listed file, as seen when the files were listed; undefined when it is not listed. */
  sizeOf(file: string): number | undefined {
    return listedSize(this.listing, file)
  }

  /** Size of every listed file, as seen when the files were listed (a map made on each call: rules use sizeOf). */
  sizes(): ReadonlyMap<string, number> {
    return new Map(this.listing.files.map((file, index) => [file, sizeAt(this.listing, index)]))
  }

  /**
   * Whether the listing already read the file (big repositories only) and found text of its listed size without any
   * secret detector's keyword; false when it did not look.
   */
  isSecretKeywordFree(file: string): boolean {
    return isListedKeywordFree(this.listing, file)
  }

  /**
   * Listed files the secrets rule has to read, in order: all but those the listing already read (big repositories
   * only) and found to be text of their listed size without any secret detector's keyword.
   */
  secretCandidates(): string[] {
    return this.listing.files.filter((_, index) => !isKeywordFreeAt(this.listing, index))
  }

  /** Whether the file's first 8000 bytes hold a NUL byte (git's own binary test). */
  async isBinary(file: string): Promise<boolean> {
    return this.has(file) && 'binary' in readFileBytes(this.absolutePath(file), BINARY_SNIFF_BYTES, BINARY_SNIFF_BYTES)
  }

  /** Text of a listed file, or undefined when missing, binary (NUL byte), unreadable or too large. */
  async read(file: string, options: ReadOptions = {}): Promise<string | undefined> {
    if (this.texts.has(file)) return this.texts.get(file)
    const text = this.readTextBytes(file)?.toString('utf8')
    if (options.cache !== false) this.texts.set(file, text)
    return text
  }

  /**
   * Text of one of opsmith's own files (the baseline), listed or not: git may ignore it (a `*.json` line), and like
   * ESLint reading its config, conform reads it anyway. Only a regular file inside the repository; undefined like `read`.
   */
  async readOwnFile(file: string): Promise<string | undefined> {
    if (this.has(file)) return this.read(file)
    const local = await this.localFile(file)
    if (local === undefined) return undefined
    const result = readFileBytes(local.absolute, local.size, this.maxFileBytes)
    if ('skipped' in result) this.skipped.set(file, result.skipped)
    return 'bytes' in result ? result.bytes.toString('utf8') : undefined
  }

  /**
   * Bytes of a listed text file for whole-repo scans (not cached); undefined like `read`. With `scratch`
   * (at least `maxFileBytes` long) they are read into it and valid only until the next call.
   */
  readTextBytes(file: string, scratch?: Buffer): Buffer | undefined {
    if (!this.has(file)) return undefined
    const result = readFileBytes(this.absolutePath(file), this.sizeOf(file) ?? 0, this.maxFileBytes, scratch)
    if ('skipped' in result) this.skipped.set(file, result.skipped)
    return 'bytes' in result ? result.bytes : undefined
  }

  /**
   * Raw bytes of a listed file from `position`, whatever its size or content, for scans that read
   * large files in chunks; undefined when missing or unreadable (recorded like `readTextBytes`).
   */
  readBytesAt(file: string, position: number, length: number): Buffer | undefined {
    if (!this.has(file)) return undefined
    try {
      return readFileRange(this.absolutePath(file), position, length)
    } catch (error) {
      this.skipped.set(file, `unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
      return undefined
    }
  }

  /** sha256 hex of a file, streamed (model artifacts can be gigabytes). */
  async sha256(file: string): Promise<string> {
    const local = await this.localFile(file)
    return sha256File(local?.absolute ?? this.absolutePath(file))
  }

  /** The repository's root with its symlinks resolved. */
  resolvedRoot(): string {
    this.realRoot ??= realpathSync.native(this.root)
    return this.realRoot
  }

  /**
   * A regular file on disk inside the repo, listed or not (model artifacts are usually
   * git-ignored); undefined when missing or when a symlink leads out of the repository.
   */
  async localFile(file: string): Promise<{ absolute: string; size: number } | undefined> {
    // Synchronous, like the listing: a template's dozens of managed files are hashed one after the other, and a
    // thread-pool round trip for each realpath and stat left the run waiting at its end.
    const real = attempt(() => realpathSync.native(path.resolve(this.root, file)))
    if (real instanceof Error || path.relative(this.resolvedRoot(), real).startsWith('..')) return undefined
    const stats = attempt(() => statSync(real))
    return !(stats instanceof Error) && stats.isFile() ? { absolute: real, size: stats.size } : undefined
  }

  /** Whether git (or the .gitignore files outside git) would ignore `file`, tracked or not. */
  async isIgnored(file: string): Promise<boolean> {
    return (await this.ignoredAmong([file])).has(file)
  }

  /** The subset of `files` that git (or the .gitignore files outside git) ignores; one git call. */
  async ignoredAmong(files: string[]): Promise<Set<string>> {
    if (files.length === 0) return new Set()
    if (this.isGit) {
      // Most runs ask about names the root .gitignore ignores outright: git's own answer, without starting a git.
      if (await this.settledByRootGitignore(files)) return new Set(files)
      // (-z needs --stdin; quotePath=false keeps non-ASCII names as they are.)
      const result = await runGit(this.root, ['-c', 'core.quotePath=false', 'check-ignore', '--no-index', '--', ...files])
      return new Set(result.stdout.split('\n').filter(Boolean))
    }
    const ignored = new Set<string>()
    for (const file of files) if (await isIgnoredByGitignoreFiles(this.root, file)) ignored.add(file)
    return ignored
  }

  // Only a .gitignore listed as a regular file: git reads no symlinked one.
  private async settledByRootGitignore(files: readonly string[]): Promise<boolean> {
    if (!this.has('.gitignore') || this.listing.realPaths.has('.gitignore')) return false
    const text = await this.read('.gitignore')
    return text !== undefined && rootGitignoreIgnoresAll(text, files)
  }

  /**
   * stdout of a git command in the repo, or undefined outside git or when it fails. A `diff` compares the work tree,
   * so it runs with the repository's own filter commands neutralised (repositoryFilterOverrides).
   */
  async git(args: string[]): Promise<string | undefined> {
    if (!this.isGit) return undefined
    const overrides = args[0] === 'diff' ? await (this.filterOverrides ??= repositoryFilterOverrides(this.root)) : []
    const result = await runGit(this.root, [...overrides, ...args])
    return result.exitCode === 0 ? result.stdout : undefined
  }
}

// The literal folder part of a glob (`models` of `models/*/*/**`), which every match starts with; '' when unsure.
function staticPrefix(pattern: string): string {
  const { base, prefix, negated } = picomatch.scan(pattern)
  return prefix === '' && !negated && !base.includes('\\') ? base : ''
}

// The longest run of plain characters in a glob without braces, classes, groups or escapes (`Dockerfile` of
// `**/Dockerfile*`): every match contains it, and String#includes rules out most paths before picomatch's regex runs.
function longestLiteral(pattern: string): string {
  if (/[{}[\]()\\!+@]/.test(pattern)) return ''
  return pattern.split(/[*?/]/).reduce((longest, piece) => (piece.length > longest.length ? piece : longest), '')
}

// The files that start with `prefix`, found by binary search in the sorted list: a glob under a folder
// of a 20,000-file repository tests a handful of paths, not all of them.
function filesStartingWith(files: readonly string[], prefix: string): readonly string[] {
  if (prefix === '') return files
  let low = 0
  let high = files.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((files[middle] as string) < prefix) low = middle + 1
    else high = middle
  }
  let end = low
  while (end < files.length && (files[end] as string).startsWith(prefix)) end++
  return files.slice(low, end)
}
