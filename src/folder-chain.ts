import type fs from 'node:fs'

/**
 * Whether the folders on a listed path's way are folders in the work tree. Git's index still lists `a/file` after
 * `a` was replaced by a symlink (to /etc, say) or by a file; opening `a/file` then follows the link, out of the
 * repository. Git itself counts such a path as deleted, and so does conform: it never opens it. Untracked paths
 * never need this (git lists a symlink as one entry and never walks through it), but asking costs a cached lookup.
 *
 * Each folder is looked up in its parent's entries (readdir gives every entry's type, as lstat would, without
 * following a symlink), each parent read once, parents first: a tree of 3,800 folders in 100 costs 101 reads
 * instead of 3,800 lstat calls (and as many Stats objects, four Dates each). Consecutive paths in one folder (git's
 * order) cost one comparison. A folder that is missing or cannot be looked at counts as a folder: the file in it
 * cannot be opened either, and whoever opens it reports that.
 *
 * The class refers to nothing outside itself (the caller hands it node:fs): the prefilter's worker threads run it
 * from its source, each with its own chain (../secrets/prefilter-pool.ts).
 */
export class FolderChain {
  private readonly folders = new Map<string, string | undefined>()
  /** For each folder read: its entries that are not folders, each as a symlink (true) or something else (false). */
  private readonly entries = new Map<string, Map<string, boolean> | undefined>()
  private lastFolder = ''

  /** `prefix`: what goes before each relative path (the root and a separator); `files`: node:fs. */
  constructor(
    private readonly prefix: string,
    private readonly files: Pick<typeof fs, 'readdirSync'>,
  ) {}

  /** Undefined when every folder on `relative`'s way (POSIX separators) is a folder; else why it is not read. */
  problem(relative: string): string | undefined {
    const end = relative.lastIndexOf('/')
    if (end === -1) return undefined
    const folderOfFile = relative.slice(0, end)
    if (folderOfFile === this.lastFolder) return undefined
    for (let slash = relative.indexOf('/'); slash !== -1 && slash <= end; slash = relative.indexOf('/', slash + 1)) {
      const folder = relative.slice(0, slash)
      let problem = this.folders.get(folder)
      if (problem === undefined && !this.folders.has(folder)) {
        problem = this.look(folder)
        this.folders.set(folder, problem)
      }
      if (problem !== undefined) return problem
    }
    this.lastFolder = folderOfFile
    return undefined
  }

  private look(folder: string): string | undefined {
    const slash = folder.lastIndexOf('/')
    const parent = slash === -1 ? '' : folder.slice(0, slash)
    let entries = this.entries.get(parent)
    if (entries === undefined && !this.entries.has(parent)) {
      entries = this.read(parent)
      this.entries.set(parent, entries)
    }
    const symlink = entries?.get(slash === -1 ? folder : folder.slice(slash + 1))
    if (symlink === undefined) return undefined
    return symlink ? `under ${folder}, a symlink: git counts it as deleted, and it is not read through the link` : `under ${folder}, which is not a folder`
  }

  private read(folder: string): Map<string, boolean> | undefined {
    let listed
    try {
      listed = this.files.readdirSync(this.prefix + folder, { withFileTypes: true })
    } catch {
      return undefined
    }
    const entries = new Map<string, boolean>()
    for (const entry of listed) if (!entry.isDirectory()) entries.set(entry.name, entry.isSymbolicLink())
    return entries
  }
}
