import fs from 'node:fs'
import path from 'node:path'

// Git's index file (.git/index, Documentation/gitformat-index.txt), read for the paths it lists: what
// `git ls-files -z -c` prints, without starting git. Starting a process copies the page tables of this one, and every
// page it writes afterwards faults once more (copy on write): on the virtual machines CI runs on that costs a small
// repository's run about 15 ms, as much as all its rules on a fifth of its files. Only the plain layouts are read
// (versions 2 to 4, SHA-1, every entry a file, a symlink or a submodule); anything else (a split or sparse index,
// SHA-256, a GIT_DIR or GIT_INDEX_FILE in the environment, a .git that is a file or a symlink, an entry or extension
// that does not add up) is left to git, which stays the authority: `readIndex` then says undefined.
// A purpose-built reader rather than isomorphic-git's: that one decodes every entry's stat data and checksums the
// file, and loading it would cost more than the spawn it spares.

/** What the index lists. */
export interface IndexListing {
  /** Every path, in the index's order (sorted, an unmerged path once per stage), decoded as git's output is. */
  paths: string[]
  /** The paths that are submodules (gitlinks): folders in the work tree that git lists as one path. */
  gitlinks: Set<string>
}

const SIGNATURE = 0x44495243 // "DIRC"
const SHA1_BYTES = 20
/** Bytes of an entry before its path (versions 2 and 3, SHA-1): ten 32-bit stat fields, the hash, 16 bits of flags. */
const ENTRY_HEAD = 40 + SHA1_BYTES + 2
const EXTENDED = 0x4000
const NAME_MASK = 0x0fff
const S_IFMT = 0o170000
const S_IFREG = 0o100000
const S_IFLNK = 0o120000
const S_IFGITLINK = 0o160000
/** Where git reads another repository or index than `root`'s own. */
const GIT_ENVIRONMENT = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY']

/**
 * The paths `git ls-files -c` lists for the work tree `root` (whose .git folder holds the repository), read from its
 * index; undefined wherever git must be asked (see above), including outside a repository.
 */
export function readIndex(root: string, env: NodeJS.ProcessEnv = process.env): IndexListing | undefined {
  if (GIT_ENVIRONMENT.some((name) => env[name] !== undefined)) return undefined
  const gitDir = path.join(root, '.git')
  // An error (a path too long, a folder that cannot be searched) leaves it to git too.
  const isKind = (file: string, directory: boolean) => {
    try {
      const stats = fs.lstatSync(file, { throwIfNoEntry: false })
      return directory ? stats?.isDirectory() === true : stats?.isFile() === true
    } catch {
      return false
    }
  }
  if (!isKind(gitDir, true) || !isKind(path.join(gitDir, 'HEAD'), false)) return undefined
  const config = withRegularFile(path.join(gitDir, 'config'), (source) => (source.size > 1024 * 1024 ? undefined : readAll(source)))
  if (config === undefined || !isPlainSha1Repository(config.toString('latin1'))) return undefined
  return withRegularFile(path.join(gitDir, 'index'), parseIndex)
}

// A repository of another object format (SHA-256 names make entries 12 bytes longer) or of a format version git may
// not read at all.
function isPlainSha1Repository(config: string): boolean {
  const format = /^[ \t]*objectformat[ \t]*=[ \t]*"?([A-Za-z0-9]+)/im.exec(config)
  if (format !== null && format[1]?.toLowerCase() !== 'sha1') return false
  const version = /^[ \t]*repositoryformatversion[ \t]*=[ \t]*(\d+)/im.exec(config)
  return version === null || Number(version[1]) <= 1
}

/** Where bytes come from: a file read by position. */
export interface ByteSource {
  size: number
  /** Reads up to `length` bytes at `position` into `target` from `offset`; returns how many it read. */
  read(target: Buffer, offset: number, length: number, position: number): number
}

/** A byte source over bytes already in memory (tests). */
export function bytesSource(bytes: Buffer): ByteSource {
  return { size: bytes.length, read: (target, offset, length, position) => bytes.copy(target, offset, position, Math.min(position + length, bytes.length)) }
}

/** `use` of a regular file (never a FIFO or a device, never through a symlink), or undefined when it cannot be read. */
function withRegularFile<T>(file: string, use: (source: ByteSource) => T | undefined): T | undefined {
  let fd: number | undefined
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0))
    const stats = fs.fstatSync(fd)
    const handle = fd
    return stats.isFile() ? use({ size: stats.size, read: (target, offset, length, position) => fs.readSync(handle, target, offset, length, position) }) : undefined
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

function readAll(source: ByteSource): Buffer | undefined {
  const bytes = Buffer.allocUnsafe(source.size)
  return source.read(bytes, 0, source.size, 0) === source.size ? bytes : undefined
}

/**
 * A window on a byte source, read a chunk at a time into one buffer: an index is read once, front to back, and a
 * buffer of its whole size (2 MB for 20,000 files) would be fresh memory, a page fault per 4 KiB.
 */
class Window {
  buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  /** Position in the source of buffer[0]. */
  start = 0
  /** Bytes of the buffer read. */
  filled = 0
  constructor(private readonly source: ByteSource) {}

  /** Has the bytes at [position, position + length) in the buffer, from buffer[position - start]; false past the end. */
  cover(position: number, length: number): boolean {
    if (position + length > this.source.size) return false
    if (position >= this.start && position + length <= this.start + this.filled) return true
    // Reading goes forward only: what is still ahead in the buffer moves to its front.
    const keep = position >= this.start ? Math.max(0, this.start + this.filled - position) : 0
    if (length > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(length, this.buffer.length * 2))
      this.buffer.copy(grown, 0, this.filled - keep, this.filled)
      this.buffer = grown
    } else if (keep > 0) this.buffer.copyWithin(0, this.filled - keep, this.filled)
    this.start = position
    this.filled = keep
    while (this.filled < length) {
      const read = this.source.read(this.buffer, this.filled, Math.min(this.buffer.length, this.source.size - this.start) - this.filled, this.start + this.filled)
      if (read <= 0) return false
      this.filled += read
    }
    return true
  }

  /** Position of the first NUL at or after `position` (reading on as needed), or -1 when there is none. */
  nul(position: number): number {
    const size = this.source.size
    let length = Math.min(256, size - position)
    while (length > 0 && this.cover(position, length)) {
      const found = this.buffer.indexOf(0, position - this.start)
      if (found !== -1 && found < this.filled) return this.start + found
      if (this.start + this.filled >= size) return -1
      length = Math.min((this.start + this.filled - position) * 2, size - position)
    }
    return -1
  }
}

const CHUNK_BYTES = 256 * 1024

/** The paths of an index file; undefined for any layout this reader leaves to git, or bytes that do not add up. */
export function parseIndex(source: ByteSource): IndexListing | undefined {
  const window = new Window(source)
  const end = source.size - SHA1_BYTES
  if (end < 12 || !window.cover(0, 12) || window.buffer.readUInt32BE(0) !== SIGNATURE) return undefined
  const version = window.buffer.readUInt32BE(4)
  if (version < 2 || version > 4) return undefined
  const count = window.buffer.readUInt32BE(8)
  // An entry takes 62 bytes and more: a count the file cannot hold is not allocated for.
  if (count > end / 62) return undefined
  const paths: string[] = new Array(count)
  const gitlinks = new Set<string>()
  // Version 4 names each path by what it keeps of the one before and what it adds: the path so far, as bytes.
  let name = Buffer.allocUnsafe(256)
  let nameLength = 0
  let offset = 12
  for (let index = 0; index < count; index++) {
    if (offset + ENTRY_HEAD + 2 > end || !window.cover(offset, ENTRY_HEAD + 2)) return undefined
    // Bytes read one by one: Buffer's readUInt16BE and readUInt32BE are functions of their own, and this loop runs
    // once per run, mostly before V8 optimises it.
    let bytes = window.buffer
    let at = offset - window.start
    // The mode's type is in the high bits of its low 16 (a 32-bit big-endian number at 24).
    const type = ((bytes[at + 26] as number) << 8) & S_IFMT
    const flags = ((bytes[at + 60] as number) << 8) | (bytes[at + 61] as number)
    // A folder entry is a sparse index's (git expands it); an unknown type is not ours to guess.
    if (type !== S_IFREG && type !== S_IFLNK && type !== S_IFGITLINK) return undefined
    const extended = (flags & EXTENDED) !== 0
    if (extended && version === 2) return undefined
    const length = flags & NAME_MASK
    const from = offset + ENTRY_HEAD + (extended ? 2 : 0)
    let file: string
    if (version === 4) {
      if (!window.cover(from, Math.min(16, end - from))) return undefined
      at = from - window.start
      let byte = window.buffer[at++] as number
      let strip = byte & 0x7f
      while ((byte & 0x80) !== 0 && strip <= nameLength) {
        byte = window.buffer[at++] as number
        strip = (strip + 1) * 128 + (byte & 0x7f)
      }
      const suffixStart = window.start + at
      const suffixEnd = window.nul(suffixStart)
      if (strip > nameLength || suffixEnd === -1 || suffixEnd >= end || !window.cover(suffixStart, suffixEnd - suffixStart)) return undefined
      const kept = nameLength - strip
      nameLength = kept + suffixEnd - suffixStart
      if (nameLength > name.length) {
        const grown = Buffer.allocUnsafe(Math.max(nameLength, name.length * 2))
        name.copy(grown, 0, 0, kept)
        name = grown
      }
      window.buffer.copy(name, kept, suffixStart - window.start, suffixEnd - window.start)
      file = name.toString('utf8', 0, nameLength)
      offset = suffixEnd + 1
    } else {
      // A name of 0xFFF bytes or more says only that: it runs to its NUL. Entries are padded with NULs to a
      // multiple of 8 bytes, at least one.
      const nameEnd = length < NAME_MASK ? from + length : window.nul(from + NAME_MASK)
      const next = offset + ((nameEnd - offset + 8) & ~7)
      if (nameEnd === -1 || next > end || !window.cover(offset, next - offset)) return undefined
      bytes = window.buffer
      // No NUL inside the name, and NULs after it to the next entry.
      if (bytes.indexOf(0, from - window.start) !== nameEnd - window.start) return undefined
      for (let padding = nameEnd - window.start; padding < next - window.start; padding++) if (bytes[padding] !== 0) return undefined
      nameLength = nameEnd - from
      file = bytes.toString('utf8', from - window.start, nameEnd - window.start)
      offset = next
    }
    // The flags hold the name's length too, up to 0xFFF.
    if (nameLength === 0 || (nameLength < NAME_MASK ? nameLength !== length : length !== NAME_MASK)) return undefined
    paths[index] = file
    if (type === S_IFGITLINK) gitlinks.add(file)
  }
  // Extensions, then the checksum. A split index keeps its entries in another file, and an extension whose signature
  // does not start with A to Z is one git requires readers to understand.
  while (offset < end) {
    if (offset + 8 > end || !window.cover(offset, 8)) return undefined
    const at = offset - window.start
    const first = window.buffer[at] as number
    const signature = window.buffer.toString('latin1', at, at + 4)
    if (first < 0x41 || first > 0x5a || signature === 'link' || signature === 'sdir') return undefined
    offset += 8 + window.buffer.readUInt32BE(at + 4)
  }
  return offset === end ? { paths, gitlinks } : undefined
}

/** The number of entries the index of `root` says it has (its header), or 0 when it cannot be read. */
export function indexEntryCount(root: string): number {
  let fd: number | undefined
  try {
    fd = fs.openSync(path.join(root, '.git', 'index'), fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0))
    const header = Buffer.alloc(12)
    if (fs.readSync(fd, header, 0, 12, 0) !== 12 || header.readUInt32BE(0) !== SIGNATURE) return 0
    return header.readUInt32BE(8)
  } catch {
    return 0
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

/**
 * Whether every entry of the work tree is a path the index lists or a folder on the way to one (the root's .git
 * aside): then `git ls-files -o` has nothing to print, ignored or not. Stops at the first other entry (an untracked
 * or ignored file, an empty folder, a tracked file that became a folder or the reverse, a nested repository), for
 * git to say which of them count. Submodules are not looked into, as git does not.
 */
export function onlyIndexedInWorkTree(root: string, index: IndexListing): boolean {
  // For each folder ('' for the root): its listed files and the folders on the way to listed paths.
  const folders = new Map<string, { files: Set<string>; folders: Set<string> }>()
  const folderOf = (folder: string) => {
    let entry = folders.get(folder)
    if (entry === undefined) folders.set(folder, (entry = { files: new Set(), folders: new Set() }))
    return entry
  }
  for (const file of index.paths) {
    let slash = file.lastIndexOf('/')
    folderOf(slash === -1 ? '' : file.slice(0, slash)).files.add(slash === -1 ? file : file.slice(slash + 1))
    // Each folder on the way, up to one already known.
    while (slash !== -1) {
      const folder = file.slice(0, slash)
      const parentSlash = folder.lastIndexOf('/')
      const parent = folderOf(parentSlash === -1 ? '' : folder.slice(0, parentSlash))
      const name = parentSlash === -1 ? folder : folder.slice(parentSlash + 1)
      if (parent.folders.has(name)) break
      parent.folders.add(name)
      slash = parentSlash
    }
  }
  const visit = (folder: string): boolean => {
    const known = folders.get(folder)
    if (known === undefined) return false
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(folder === '' ? root : path.join(root, folder), { withFileTypes: true })
    } catch {
      return false
    }
    for (const entry of entries) {
      const relative = folder === '' ? entry.name : `${folder}/${entry.name}`
      if (folder === '' && entry.name === '.git') continue
      if (known.files.has(entry.name)) {
        // A listed file that is a folder now holds files git would list as untracked (a submodule's folder aside).
        if (entry.isDirectory() && !index.gitlinks.has(relative)) return false
      } else if (!known.folders.has(entry.name) || !entry.isDirectory() || !visit(relative)) {
        return false
      }
    }
    return true
  }
  return visit('')
}
