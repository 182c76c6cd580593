import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { ToolError } from '../errors.js'
import { Contained, ContainmentError } from '../contain.js'
import { onInterrupt, scratchFolder } from '../interrupt.js'

/** What is at the target path before generation. */
export type TargetState = 'absent' | 'empty' | 'non-empty'

/** Refuses a target that is a file, or a non-empty folder without `force`. */
export async function inspectTarget(target: string, force: boolean): Promise<TargetState> {
  const stat = await fsp.lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw new ToolError('usage', `Cannot read ${target}: ${describeError(error)}.`, { cause: error })
  })
  if (!stat) return 'absent'
  if (!stat.isDirectory()) throw new ToolError('conflict', `${target} exists and is not a directory.`)
  const entries = await fsp.readdir(target).catch((error: NodeJS.ErrnoException) => {
    throw new ToolError('usage', `Cannot read ${target}: ${describeError(error)}.`, { cause: error })
  })
  if (entries.length === 0) return 'empty'
  if (!force) {
    throw new ToolError('conflict', `${target} is not empty. Choose a new folder, or pass --force to add files without overwriting any.`)
  }
  return 'non-empty'
}

/** A staging folder beside the target; `dispose(false)` also removes parent folders this run created. */
export interface Staging {
  dir: string
  /** Called once the staged tree is in place: an interrupt no longer removes anything but the staging folder. */
  committed: () => void
  dispose: (succeeded: boolean) => Promise<void>
}

/** A staging folder beside the target (same filesystem, so the final move is a rename); removed on SIGINT/SIGTERM/SIGHUP. */
export async function createStaging(target: string): Promise<Staging> {
  const parent = path.dirname(target)
  // Made synchronously, up to registering the clean-up, so that no signal can fall in between and leave them behind.
  let createdParent: string | undefined
  try {
    createdParent = fs.mkdirSync(parent, { recursive: true })
  } catch (error) {
    throw new ToolError('usage', `Cannot create ${parent}: ${describeError(error as NodeJS.ErrnoException)}.`, { cause: error })
  }
  let dir: string
  try {
    dir = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.opsmith-`))
  } catch (error) {
    throw new ToolError('usage', `Cannot write in ${parent}: ${describeError(error as NodeJS.ErrnoException)}.`, { cause: error })
  }
  let leftovers = createdParent ? [dir, createdParent] : [dir]
  const unregister = onInterrupt(() => leftovers.forEach((item) => fs.rmSync(item, { recursive: true, force: true })))
  return {
    dir,
    committed: () => {
      leftovers = [dir]
    },
    dispose: async (succeeded) => {
      await fsp.rm(dir, { recursive: true, force: true })
      if (!succeeded && createdParent) await fsp.rm(createdParent, { recursive: true, force: true })
      unregister()
    },
  }
}

/** A scratch folder in the system temp folder, for a dry run: nothing is created beside the target. */
export async function createScratch(): Promise<Staging> {
  const scratch = scratchFolder(path.join(os.tmpdir(), 'opsmith-dry-run-'))
  return { dir: scratch.dir, committed: () => {}, dispose: () => scratch.dispose() }
}

/** The files of `files` that something (a file, folder or link) already occupies in `target`, as --force would keep them. */
export function existingFiles(target: string, files: string[]): string[] {
  return files.filter((file) => {
    try {
      return new Contained(target).read(file).kind !== 'absent'
    } catch (error) {
      // Under a symlinked folder: --force keeps it out, so it counts as kept.
      if (error instanceof ContainmentError) return true
      throw error
    }
  })
}

function describeError(error: NodeJS.ErrnoException): string {
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied'
  if (error.code === 'EROFS') return 'read-only file system'
  if (error.code === 'ENOSPC') return 'no space left on the device'
  return error.message
}

/**
 * Moves the staged tree into place. An absent or empty target is replaced by one rename; a non-empty
 * target (--force) receives only the files it does not have: existing files, and files under a symlinked
 * folder, are kept and listed as conflicts. The staged root gets the mode a plain mkdir would give it.
 */
export async function moveIntoPlace(staging: string, target: string, state: TargetState, files: string[]): Promise<string[]> {
  if (state === 'absent') {
    // mkdtemp made it 0700: a dev container user other than the generating one must be able to read it.
    await fsp.chmod(staging, 0o777 & ~process.umask())
    await fsp.rename(staging, target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST' || error.code === 'ENOTDIR') {
        throw new ToolError('conflict', `${target} was created by something else while generating; nothing was written. Choose another folder, or pass --force.`, { cause: error })
      }
      throw new ToolError('failed', `Could not move the generated files into ${target}: ${describeError(error)}.`, { cause: error })
    })
    return []
  }
  if (state === 'empty') {
    // Keep the folder itself (it may be the user's shell's working directory): move its new entries in.
    await moveEntries(staging, target)
    return []
  }
  const tree = new Contained(target)
  const conflicts: string[] = []
  const moved: string[] = []
  try {
    for (const file of files) {
      if (!linkInto(tree, path.join(staging, file), file)) {
        conflicts.push(file)
        continue
      }
      moved.push(file)
    }
  } catch (error) {
    // Put the target back as it was: remove what this run added, never what was there.
    for (const file of moved) tree.remove(file, { regularFile: true })
    throw new ToolError('failed', `Could not move the generated files into ${target}: ${(error as Error).message}`, { cause: error })
  }
  return conflicts
}

// Puts a staged file at `file` unless something (a file, a dangling symlink) is there or a parent is a
// symlink; link() never replaces, where rename() would.
function linkInto(tree: Contained, staged: string, file: string): boolean {
  try {
    tree.makeParents(file)
    fs.linkSync(staged, tree.resolve(file))
  } catch (error) {
    if (error instanceof ContainmentError || (error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  fs.unlinkSync(staged)
  return true
}

async function moveEntries(from: string, to: string): Promise<void> {
  const moved: string[] = []
  try {
    for (const entry of await fsp.readdir(from)) {
      // Something appeared in the folder since it was found empty: never replace it.
      if (fs.lstatSync(path.join(to, entry), { throwIfNoEntry: false })) throw new ToolError('conflict', `${path.join(to, entry)} appeared while generating; nothing was written.`)
      await fsp.rename(path.join(from, entry), path.join(to, entry))
      moved.push(entry)
    }
  } catch (error) {
    await Promise.all(moved.map((entry) => fsp.rm(path.join(to, entry), { recursive: true, force: true })))
    if (error instanceof ToolError) throw error
    throw new ToolError('failed', `Could not move the generated files into ${to}: ${(error as Error).message}`, { cause: error })
  }
}
