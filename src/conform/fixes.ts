import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { ToolError } from '../errors.js'
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

/** Writes or deletes files inside `root`; a fix pointing outside the repository is a bug. */
export async function applyFixes(root: string, fixes: PlannedFix[]): Promise<void> {
  for (const fix of fixes) {
    const target = path.resolve(root, fix.file)
    if (path.relative(root, target).startsWith('..') || path.isAbsolute(fix.file)) {
      throw new ToolError('internal', `A fix tried to change ${fix.file}, outside the repository.`)
    }
    if (fix.kind === 'delete') await rm(target, { force: true })
    else {
      await mkdir(path.dirname(target), { recursive: true })
      await writeFile(target, fix.content ?? '')
    }
  }
}
