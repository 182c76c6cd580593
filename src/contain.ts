import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { ToolError } from './errors.js'

// The one place where generate, update, fixes and add model write into a user's tree. Every path is
// relative to a root whose own symlinks are resolved once; below the root nothing is followed: a
// symlink anywhere on the way (parent folder or the file itself) is refused, never written through,
// renamed or deleted. An existing file is replaced only when the caller says what it expects there.

/** A write, rename or delete opsmith refuses to make; cli.ts prints it as one line (exit 2). */
export class ContainmentError extends ToolError {
  readonly file: string
  constructor(file: string, reason: string) {
    super('conflict', `Refused to change ${file}: ${reason}.`)
    this.name = 'ContainmentError'
    this.file = file
  }
}

/**
 * Checks a path that came from data (a manifest, a migration, a fix, a rendered file name) and returns
 * it normalised: relative, POSIX, no `.`/`..`/empty segments, no control characters. On POSIX a
 * backslash is an ordinary character, so `..\x` is a legal file name, not traversal.
 */
export function checkRelativePath(file: unknown): string {
  if (typeof file !== 'string' || file === '') throw new ContainmentError(JSON.stringify(file) ?? String(file), 'not a path')
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(file)) throw new ContainmentError(JSON.stringify(file), 'the path contains a control character (a newline?)')
  if (file.startsWith('/') || (path.sep === '\\' && /^([A-Za-z]:|[\\/])/.test(file))) throw new ContainmentError(file, 'an absolute path, not one inside the project')
  const segments = (path.sep === '\\' ? file.replace(/\\/g, '/') : file).split('/')
  if (segments.at(-1) === '') segments.pop()
  for (const segment of segments) {
    if (segment === '..') throw new ContainmentError(file, 'the path leaves the project (`..`)')
    if (segment === '' || segment === '.') throw new ContainmentError(file, 'the path is not normalised')
  }
  return segments.join('/')
}

/** What the caller expects to find where it writes: nothing, a file with this hash, or any regular file. */
export type Expectation = { absent: true } | { sha256: string } | { regularFile: true }

/** What is at a path inside the root, looked at without following anything. */
export type Entry = { kind: 'absent' } | { kind: 'file'; bytes: Buffer; mode: number } | { kind: 'symlink' | 'directory' | 'other' }

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex')
}

/** A project folder every write goes through; `root` has its symlinks resolved once, here. */
export class Contained {
  readonly root: string

  constructor(root: string) {
    this.root = fs.realpathSync(root)
  }

  /** The absolute path of `file`, after checking no existing parent below the root is a symlink or a file. */
  resolve(file: string): string {
    const relative = checkRelativePath(file)
    const parts = relative.split('/')
    let current = this.root
    for (const part of parts.slice(0, -1)) {
      current = path.join(current, part)
      const stats = lstatOrUndefined(current)
      if (stats === undefined) break
      if (stats.isSymbolicLink()) throw new ContainmentError(relative, `${path.relative(this.root, current)} is a symbolic link, and opsmith never writes through one`)
      if (!stats.isDirectory()) throw new ContainmentError(relative, `${path.relative(this.root, current)} is not a folder`)
    }
    return path.join(this.root, ...parts)
  }

  /** Reads what is at `file` without following a symlink: only regular files are read. */
  read(file: string): Entry {
    const absolute = this.resolve(file)
    const stats = lstatOrUndefined(absolute)
    if (stats === undefined) return { kind: 'absent' }
    if (stats.isSymbolicLink()) return { kind: 'symlink' }
    if (stats.isDirectory()) return { kind: 'directory' }
    if (!stats.isFile()) return { kind: 'other' }
    // O_NOFOLLOW: if the file was swapped for a symlink since the lstat, the open fails instead of following.
    const fd = fs.openSync(absolute, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW)
    try {
      return { kind: 'file', bytes: fs.readFileSync(fd), mode: stats.mode }
    } finally {
      fs.closeSync(fd)
    }
  }

  /** Throws unless what is at `file` matches the expectation; returns its current entry. */
  check(file: string, expect: Expectation): Entry {
    const entry = this.read(file)
    if (entry.kind === 'symlink') throw new ContainmentError(file, 'it is a symbolic link, and opsmith never writes through one')
    if (entry.kind === 'directory' || entry.kind === 'other') throw new ContainmentError(file, 'it is not a regular file')
    if ('absent' in expect && entry.kind !== 'absent') throw new ContainmentError(file, 'a file opsmith did not create is already there')
    if ('sha256' in expect && (entry.kind !== 'file' || sha256(entry.bytes) !== expect.sha256)) {
      throw new ContainmentError(file, entry.kind === 'absent' ? 'it is gone' : 'it changed since opsmith read it')
    }
    return entry
  }

  /**
   * Writes `content` to `file` (parents created as real folders). The bytes go to a temporary sibling first and
   * are renamed over the name, so a reader never sees half a file and a symlink put there meanwhile is replaced,
   * not followed. `mode` defaults to the existing file's, else 0666 minus the umask. `content` may be made from what
   * is there now (the entry the check read), so a caller need not read the file a second time.
   */
  write(file: string, content: string | Buffer | ((current: Entry) => string | Buffer), expect: Expectation, mode?: number): void {
    const entry = this.check(file, expect)
    const bytes = typeof content === 'function' ? content(entry) : content
    const absolute = this.resolve(file)
    this.makeParents(file)
    const temporary = path.join(path.dirname(absolute), `.${path.basename(absolute)}.opsmith-${randomBytes(4).toString('hex')}`)
    const fileMode = mode ?? (entry.kind === 'file' ? entry.mode & 0o7777 : 0o666)
    fs.writeFileSync(temporary, bytes, { flag: 'wx', mode: fileMode })
    try {
      // A replaced file keeps its exact mode (writeFileSync's mode is masked by the umask).
      if (mode === undefined && entry.kind === 'file') fs.chmodSync(temporary, fileMode)
      if ('absent' in expect) {
        // link() fails if anything (even a dangling symlink) appeared at the name: never replace it.
        fs.linkSync(temporary, absolute)
        fs.unlinkSync(temporary)
      } else fs.renameSync(temporary, absolute)
    } catch (error) {
      fs.rmSync(temporary, { force: true })
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ContainmentError(file, 'a file opsmith did not create is already there')
      throw error
    }
  }

  /** Deletes `file` if it is a regular file matching the expectation; an absent file is fine. */
  remove(file: string, expect: Exclude<Expectation, { absent: true }>): void {
    const entry = this.read(file)
    if (entry.kind === 'absent') return
    this.check(file, expect)
    fs.unlinkSync(this.resolve(file))
  }

  /** Renames a regular file onto a name where nothing is (never onto a user's file, ignored or not). */
  rename(from: string, to: string, expect: Exclude<Expectation, { absent: true }>): void {
    this.check(from, expect)
    this.check(to, { absent: true })
    const source = this.resolve(from)
    const destination = this.resolve(to)
    this.makeParents(to)
    // link + unlink instead of rename: link fails with EEXIST where rename would silently replace.
    try {
      fs.linkSync(source, destination)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ContainmentError(to, 'a file opsmith did not create is already there')
      throw error
    }
    fs.unlinkSync(source)
  }

  /** Creates the missing parent folders of `file`, one by one, refusing to step through a symlink. */
  makeParents(file: string): void {
    const parts = checkRelativePath(file).split('/').slice(0, -1)
    let current = this.root
    for (const part of parts) {
      current = path.join(current, part)
      try {
        fs.mkdirSync(current)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        const stats = fs.lstatSync(current)
        if (!stats.isDirectory()) throw new ContainmentError(file, `${path.relative(this.root, current)} is ${stats.isSymbolicLink() ? 'a symbolic link, and opsmith never writes through one' : 'not a folder'}`)
      }
    }
  }
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw error
  }
}
