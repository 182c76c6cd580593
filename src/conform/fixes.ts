import { ToolError } from '../errors.js'
import { Contained, ContainmentError, type Entry } from '../contain.js'
import type { FileChange, Finding } from './rule.js'

/** A fix chosen for this pass. */
export type PlannedFix = FileChange

/**
 * One fix per file per pass: each fix was computed from the file as it was, so a second fix
 * of the same file would overwrite the first; the engine re-runs the rules and picks it up next.
 */
export function planFixes(findings: Finding[]): PlannedFix[] {
  const byFile = new Map<string, PlannedFix>()
  for (const finding of findings) {
    if (finding.fix && !byFile.has(finding.fix.file)) byFile.set(finding.fix.file, finding.fix)
  }
  return [...byFile.values()]
}

/** A fix the containment layer refused (a symlink on the way, a file that is not regular), with why. */
export interface RefusedFix {
  fix: PlannedFix
  reason: string
}

/**
 * Writes or deletes files inside `root` through the containment layer: never through a symlink (even one the
 * repository commits), never onto anything but a regular file. A refused fix is returned, not thrown: the
 * finding stays reported and the other fixes still apply.
 */
export function applyFixes(root: string, fixes: PlannedFix[]): { applied: PlannedFix[]; refused: RefusedFix[] } {
  const tree = new Contained(root)
  const applied: PlannedFix[] = []
  const refused: RefusedFix[] = []
  for (const fix of fixes) {
    try {
      if (fix.kind === 'delete') tree.remove(fix.file, { regularFile: true })
      else tree.write(fix.file, (current) => withLineEndingsOf(current, fix.content ?? ''), { regularFile: true })
      applied.push(fix)
    } catch (error) {
      if (!(error instanceof ContainmentError)) throw error
      refused.push({ fix, reason: error.message })
    }
  }
  return { applied, refused }
}

/**
 * A fix's content with the line breaks the file has: rules add lines ending in `\n`, which made a CRLF .gitignore or
 * workflow a file of mixed line endings. Only a file whose every line break is CRLF is changed; in a mixed file which
 * breaks are new is not known, and its own stay as they are.
 */
function withLineEndingsOf(current: Entry, content: string): string {
  if (current.kind !== 'file') return content
  const text = current.bytes.toString('latin1')
  return text.includes('\r\n') && !/(?:^|[^\r])\n/.test(text) ? content.replace(/\r?\n/g, '\r\n') : content
}

/**
 * Writes one file conform itself produces (the baseline, init's .opsmith.json) the way fixes are written, or stops
 * with one line when the containment layer refuses it (a symlink, a path out of the repository): never a claim that
 * a file was written when it was not.
 */
export function writeOwnFile(root: string, file: string, content: string): void {
  const [refused] = applyFixes(root, [{ kind: 'write', file, content }]).refused
  if (refused) throw new ToolError('conflict', refused.reason)
}

/** Stops with one line, before anything is written, when `writeOwnFile` would be refused for `file`. */
export function refuseUnwritable(root: string, file: string): void {
  try {
    new Contained(root).check(file, { regularFile: true })
  } catch (error) {
    if (error instanceof ContainmentError) throw new ToolError('conflict', error.message)
    throw error
  }
}
