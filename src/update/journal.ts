import fs from 'node:fs'
import path from 'node:path'
import { Contained, sha256, type Entry } from '../contain.js'
import { ToolError } from '../errors.js'
import { interruptedUpdate, JOURNAL_DIR, JOURNAL_FILE, JOURNAL_PATH } from '../record/journal.js'

// A journal written before `update` changes the tree, so that even SIGKILL (or a power cut after the journal reached
// the disk) half-way through is undone by the next opsmith command in the project. Layout, inside the project:
//   .opsmith-journal/backups/<n>   the bytes every written or deleted file had before
//   .opsmith-journal/journal.json  the operations; renamed into place last, so its presence means "applying began"
// The journal is removed once the tree is exactly after (success) or exactly before (a failure that was undone).
// Where it lives, and whether one was left behind, is src/record/journal.ts's: commands below update ask it too.

type Before = { backup: string; mode: number } | null
/** One journaled change: what was there before and the hash written, enough to take it back from any point. */
export type JournalEntry = { kind: 'write'; file: string; before: Before; after: string } | { kind: 'delete'; file: string; before: Before } | { kind: 'rename'; from: string; to: string }

/** Writes the journal of the changes about to be made; returns the function that removes it once they are settled. */
export function writeJournal(root: string, changes: Array<{ kind: 'write'; file: string; content: Buffer } | { kind: 'delete'; file: string } | { kind: 'rename'; from: string; to: string }>): () => void {
  const tree = new Contained(root)
  const dir = path.join(tree.root, JOURNAL_DIR)
  if (fs.existsSync(dir)) throw new ToolError('conflict', `${JOURNAL_DIR} already exists in ${tree.root}: another opsmith update may be running; if none is, run opsmith check to restore the project.`)
  fs.mkdirSync(path.join(dir, 'backups'), { recursive: true })
  // Who is applying: a second command must not undo an update that is still running.
  fs.writeFileSync(path.join(dir, 'pid'), String(process.pid))
  // A file an earlier rename of this update moves into place holds, just before its own change, what its source holds now.
  const movedFrom = new Map<string, string>()
  const entries = changes.map((change, index): JournalEntry => {
    if (change.kind === 'rename') {
      movedFrom.set(change.to, movedFrom.get(change.from) ?? change.from)
      return { kind: 'rename', from: change.from, to: change.to }
    }
    const before = backup(tree, movedFrom.get(change.file) ?? change.file, path.join(dir, 'backups', String(index)))
    return change.kind === 'write' ? { kind: 'write', file: change.file, before, after: sha256(change.content) } : { kind: 'delete', file: change.file, before }
  })
  // Folders the changes will create: removed again (when empty) by a recovery.
  const folders = new Set(changes.flatMap((change) => missingParents(tree, change.kind === 'rename' ? change.to : change.file)))
  // The commit point of the journal: written to a temporary name, flushed, renamed.
  const temporary = path.join(dir, `${JOURNAL_FILE}.partial`)
  const fd = fs.openSync(temporary, 'wx')
  try {
    fs.writeSync(fd, JSON.stringify({ version: 1, operations: entries, folders: [...folders] }))
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(temporary, path.join(dir, JOURNAL_FILE))
  return () => fs.rmSync(dir, { recursive: true, force: true })
}

function missingParents(tree: Contained, file: string): string[] {
  const parts = file.split('/').slice(0, -1)
  return parts.map((_, index) => parts.slice(0, index + 1).join('/')).filter((folder) => !fs.existsSync(path.join(tree.root, folder)))
}

function backup(tree: Contained, file: string, to: string): Before {
  const entry: Entry = tree.read(file)
  if (entry.kind !== 'file') return null
  fs.writeFileSync(to, entry.bytes, { flag: 'wx' })
  return { backup: path.basename(to), mode: entry.mode & 0o7777 }
}

/**
 * Undoes an update that was cut off half-way (the process was killed): every journaled change is taken back, newest
 * first, so the tree is exactly as before the update. Returns how many files were restored, or undefined when there
 * was nothing to recover. Safe to run again after it was itself interrupted.
 */
export function recoverInterruptedUpdate(root: string): { restored: number } | undefined {
  const state = interruptedUpdate(root)
  if (state === undefined) return undefined
  const tree = new Contained(root)
  const dir = path.join(tree.root, JOURNAL_DIR)
  const owner = readOwner(path.join(dir, 'pid'))
  if (owner !== undefined && owner !== process.pid && isRunning(owner)) {
    throw new ToolError('conflict', `Another opsmith (process ${owner}) is updating ${tree.root}; wait for it to finish, then run this again.`)
  }
  const journal = path.join(dir, JOURNAL_FILE)
  // Killed while the journal was being written: nothing in the tree was changed yet.
  if (state === 'starting') {
    fs.rmSync(dir, { recursive: true, force: true })
    return { restored: 0 }
  }
  let operations: JournalEntry[]
  let folders: string[]
  try {
    ;({ operations, folders = [] } = JSON.parse(fs.readFileSync(journal, 'utf8')) as { operations: JournalEntry[]; folders?: string[] })
  } catch (error) {
    throw new ToolError('config', `${JOURNAL_PATH} of an interrupted update cannot be read (${(error as Error).message}); restore the project with git (git status, git checkout -- .), then remove ${JOURNAL_DIR}.`, { cause: error })
  }
  let restored = 0
  for (const operation of [...operations].reverse()) if (undo(tree, dir, operation)) restored++
  // Deepest first; a folder that holds anything (the user's, or left by something else) stays.
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    const absolute = tree.resolve(`${folder}/x`).slice(0, -2)
    if (fs.lstatSync(absolute, { throwIfNoEntry: false })?.isDirectory() && fs.readdirSync(absolute).length === 0) fs.rmdirSync(absolute)
  }
  fs.rmSync(dir, { recursive: true, force: true })
  return { restored }
}

function readOwner(file: string): number | undefined {
  if (!fs.lstatSync(file, { throwIfNoEntry: false })?.isFile()) return undefined
  const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10)
  return Number.isInteger(pid) && pid > 0 ? pid : undefined
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

// Takes one change back from wherever it stopped; true when the tree changed.
function undo(tree: Contained, dir: string, operation: JournalEntry): boolean {
  if (operation.kind === 'rename') {
    const from = tree.read(operation.from)
    const to = tree.read(operation.to)
    // Stopped between link and unlink: both names hold the same file.
    if (from.kind === 'file' && to.kind === 'file') {
      tree.remove(operation.to, { sha256: sha256(from.bytes) })
      return true
    }
    if (from.kind === 'absent' && to.kind === 'file') {
      tree.rename(operation.to, operation.from, { regularFile: true })
      return true
    }
    return false
  }
  removeTemporaries(tree, operation.file)
  const current = tree.read(operation.file)
  if (operation.before === null) {
    if (operation.kind === 'write' && current.kind === 'file' && sha256(current.bytes) === operation.after) {
      tree.remove(operation.file, { sha256: operation.after })
      return true
    }
    return false
  }
  const bytes = fs.readFileSync(path.join(dir, 'backups', operation.before.backup))
  if (current.kind === 'file' && current.bytes.equals(bytes)) return false
  tree.write(operation.file, bytes, { regularFile: true }, operation.before.mode)
  fs.chmodSync(tree.resolve(operation.file), operation.before.mode)
  return true
}

// Contained.write's temporary sibling (.<name>.opsmith-<8 hex>), left when the process died between write and rename.
function removeTemporaries(tree: Contained, file: string): void {
  const absolute = tree.resolve(file)
  const pattern = new RegExp(`^\\.${path.basename(absolute).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.opsmith-[0-9a-f]{8}$`)
  const folder = path.dirname(absolute)
  let names: string[]
  try {
    names = fs.readdirSync(folder)
  } catch {
    return
  }
  for (const name of names) {
    if (!pattern.test(name)) continue
    const stats = fs.lstatSync(path.join(folder, name))
    if (stats.isFile()) fs.unlinkSync(path.join(folder, name))
  }
}
