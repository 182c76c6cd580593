import fs from 'node:fs'
import path from 'node:path'
import { ToolError } from '../errors.js'

// Where `opsmith update` keeps its journal in a project, and whether one was left behind by an update that was cut
// off; src/update/journal.ts writes and replays it. Here, below conform and init, which must not write into a project
// an update left half-changed.

/** The journal folder's name at the project root. */
export const JOURNAL_DIR = '.opsmith-journal'
/** The list of changes, renamed into place last: its presence means "applying began". */
export const JOURNAL_FILE = 'journal.json'
/** The journal's file, repo-relative, for messages and findings. */
export const JOURNAL_PATH = `${JOURNAL_DIR}/${JOURNAL_FILE}`

/**
 * What an update that was cut off left in `root`: `applying` when its journal is complete (the tree may be half
 * changed), `starting` when it was stopped while writing the journal (the tree is as before), else undefined. Only a
 * real folder counts, as for the recovery (a symlink named like it is nobody's journal).
 */
export function interruptedUpdate(root: string): 'applying' | 'starting' | undefined {
  if (!fs.lstatSync(path.join(root, JOURNAL_DIR), { throwIfNoEntry: false })?.isDirectory()) return undefined
  return fs.existsSync(path.join(root, JOURNAL_DIR, JOURNAL_FILE)) ? 'applying' : 'starting'
}

/**
 * For commands that write into a project besides update (conform --fix, a conform baseline, init): a recovery puts
 * back what the journal recorded, so nothing is written until `opsmith check` has restored the project.
 */
export function refuseWhileUpdateInterrupted(root: string): void {
  if (interruptedUpdate(root)) throw new ToolError('conflict', `An opsmith update of ${root} was interrupted (${JOURNAL_DIR}/ is there): run \`opsmith check\` to restore the project first; nothing was written.`)
}
