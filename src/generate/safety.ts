import fs from 'node:fs'
import path from 'node:path'
import { ToolError } from '../errors.js'
import type { PlannedAction } from './plan.js'

/** The action types a pack may use without --trust: they only render templates into files. */
export const DECLARATIVE_ACTIONS = new Set(['add', 'addMany', 'modify', 'append'])

export interface SafetyOptions {
  /** Where the generator writes (the staging folder). */
  destination: string
  /** Folder every template file must really live in (symlinks resolved). */
  packRoot: string
  /** `--trust`: allow function actions and custom action types. */
  trust: boolean
}

/**
 * Refuses, before anything is written, a generator that would run custom JavaScript actions without --trust,
 * or write outside the destination (`..`, absolute paths), or read templates outside the pack (symlinks).
 */
export function checkActions(planned: PlannedAction[], options: SafetyOptions): void {
  const realRoot = fs.realpathSync(options.packRoot)
  for (const action of planned) {
    if (!DECLARATIVE_ACTIONS.has(action.type)) {
      if (options.trust) continue
      throw new ToolError('usage', `Template action #${action.index + 1} is custom JavaScript ("${action.type}"); run again with --trust if you trust this pack.`)
    }
    for (const { source, destination } of action.outputs) {
      ensureInside(options.destination, destination, `writes to ${destination}`)
      if (source !== undefined) ensureInside(realRoot, realpathOrSelf(source), `reads ${source}`)
    }
  }
}

function ensureInside(root: string, candidate: string, what: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(candidate)) throw new ToolError('usage', `Template pack refused: an action ${what.replace(/[\u0000-\u001f\u007f]/g, '?')}, a file name with a control character (a newline in an answer?).`)
  const relative = path.relative(root, path.resolve(root, candidate))
  // `..` as a whole segment leaves the root; a name that merely starts with `..` (`..\x` on POSIX, `..x`) does not.
  if (relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))) return
  throw new ToolError('usage', `Template pack refused: an action ${what}, outside ${root}.`)
}

function realpathOrSelf(file: string): string {
  try {
    return fs.realpathSync(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return file
    throw error
  }
}
