import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { ToolError } from '../errors.js'
import { onInterrupt } from '../interrupt.js'

/** What is at the target path before generation. */
export type TargetState = 'absent' | 'empty' | 'non-empty'

/** Refuses a target that is a file, or a non-empty folder without `force`. */
export async function inspectTarget(target: string, force: boolean): Promise<TargetState> {
  const stat = await fsp.lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw new ToolError('usage', `Cannot read ${target}: ${error.message}`, { cause: error })
  })
  if (!stat) return 'absent'
  if (!stat.isDirectory()) throw new ToolError('conflict', `${target} exists and is not a directory.`)
  const entries = await fsp.readdir(target)
  if (entries.length === 0) return 'empty'
  if (!force) {
    throw new ToolError('conflict', `${target} is not empty. Choose a new folder, or pass --force to add files without overwriting any.`)
  }
  return 'non-empty'
}

/** A staging folder beside the target; `dispose(false)` also removes parent folders this run created. */
export interface Staging {
  dir: string
  dispose: (succeeded: boolean) => Promise<void>
}

/** A staging folder beside the target (same filesystem, so the final move is a rename); removed on Ctrl+C. */
export async function createStaging(target: string): Promise<Staging> {
  const parent = path.dirname(target)
  const createdParent = await fsp.mkdir(parent, { recursive: true }).catch((error: Error) => {
    throw new ToolError('usage', `Cannot create ${parent}: ${error.message}`, { cause: error })
  })
  const dir = await fsp.mkdtemp(path.join(parent, `.${path.basename(target)}.opsmith-`))
  const leftovers = createdParent ? [dir, createdParent] : [dir]
  const unregister = onInterrupt(() => leftovers.forEach((item) => fs.rmSync(item, { recursive: true, force: true })))
  return {
    dir,
    dispose: async (succeeded) => {
      await fsp.rm(dir, { recursive: true, force: true })
      if (!succeeded && createdParent) await fsp.rm(createdParent, { recursive: true, force: true })
      unregister()
    },
  }
}

/**
 * Moves the staged tree into place. An absent or empty target is replaced by one rename; a non-empty
 * target (--force) receives only the files it does not have: existing files are kept and listed as conflicts.
 */
export async function moveIntoPlace(staging: string, target: string, state: TargetState, files: string[]): Promise<string[]> {
  if (state === 'absent') {
    await fsp.rename(staging, target)
    return []
  }
  if (state === 'empty') {
    // Keep the folder itself (it may be the user's shell's working directory): move its new entries in.
    await moveEntries(staging, target)
    return []
  }
  const conflicts: string[] = []
  const moved: string[] = []
  try {
    for (const file of files) {
      const destination = path.join(target, file)
      if (await exists(destination)) {
        conflicts.push(file)
        continue
      }
      await fsp.mkdir(path.dirname(destination), { recursive: true })
      await fsp.rename(path.join(staging, file), destination)
      moved.push(destination)
    }
  } catch (error) {
    // Put the target back as it was: remove what this run added, never what was there.
    await Promise.all(moved.map((file) => fsp.rm(file, { force: true })))
    throw new ToolError('failed', `Could not move the generated files into ${target}: ${(error as Error).message}`, { cause: error })
  }
  return conflicts
}

async function moveEntries(from: string, to: string): Promise<void> {
  const moved: string[] = []
  try {
    for (const entry of await fsp.readdir(from)) {
      await fsp.rename(path.join(from, entry), path.join(to, entry))
      moved.push(entry)
    }
  } catch (error) {
    await Promise.all(moved.map((entry) => fsp.rm(path.join(to, entry), { recursive: true, force: true })))
    throw new ToolError('failed', `Could not move the generated files into ${to}: ${(error as Error).message}`, { cause: error })
  }
}

async function exists(file: string): Promise<boolean> {
  return fsp.lstat(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false
      throw error
    },
  )
}
