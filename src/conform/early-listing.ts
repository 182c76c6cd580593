import { realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import { indexEntryCount } from './git-index.js'
import { runGit, type GitResult } from './git.js'

/** From this many listed paths on, the listing reads and prefilters the files on every core (see repo-files.ts). */
export const PRESCAN_MIN_FILES = 2000

// Kept on the process, not in this module: the bin and the conform bundle each hold a copy of it.
const EARLY = Symbol.for('opsmith.early-untracked')
const holder = process as unknown as { [EARLY]?: { root: string; result: Promise<GitResult> } }

/**
 * Starts `git ls-files -o` for the repository at `dir` when its index lists enough files for the prescan: the bin
 * calls it before the conform bundle loads. git's walk for untracked files takes about 80 ms of CPU on a
 * 20,000-file tree; started here, it runs on the other core while this one loads the bundle and the rules, instead
 * of taking it from the prescan's two threads. A smaller repository is listed from its index alone (git-index.ts).
 * Anything unusual (not a folder, no plain index, a .gitignore at the root that is not a file) is left to the
 * listing, which then starts git itself.
 */
export function startEarlyUntracked(dir: string | undefined): void {
  if (dir === undefined || path.sep !== '/' || holder[EARLY] !== undefined) return
  let root: string
  try {
    root = realpathSync(dir)
  } catch {
    return
  }
  if (rootGitignoreStopsGit(root) || indexEntryCount(root) < PRESCAN_MIN_FILES) return
  let running: { kill(): boolean } | undefined
  const result = runGit(root, ['ls-files', '-z', '-o', '--exclude-standard'], undefined, (child) => (running = child))
  // A run that ends before it takes the listing (a usage error) leaves no git behind.
  const stop = () => running?.kill()
  process.once('exit', stop)
  result.then(() => process.off('exit', stop), () => process.off('exit', stop))
  holder[EARLY] = { root, result }
}

/**
 * Whether the .gitignore at `root` is neither a file nor a folder (a FIFO, a socket, a device): git would open it and
 * wait for a writer, so the listing walks such a tree without git.
 */
export function rootGitignoreStopsGit(root: string): boolean {
  try {
    const gitignore = statSync(path.join(root, '.gitignore'), { throwIfNoEntry: false })
    return gitignore !== undefined && !gitignore.isFile() && !gitignore.isDirectory()
  } catch {
    return false
  }
}

/** What startEarlyUntracked started for `root` (its real path), once; undefined when it started nothing for it. */
export function takeEarlyUntracked(root: string): Promise<GitResult> | undefined {
  const early = holder[EARLY]
  if (early === undefined || early.root !== root) return undefined
  holder[EARLY] = undefined
  return early.result
}
