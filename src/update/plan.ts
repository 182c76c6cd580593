import { isBinaryFileSync } from 'isbinaryfile'
import { sha256 } from '../contain.js'
import type { Ownership } from '../packs/manifest.js'
import { mergeText, type MergeLabels } from './merge.js'

export { sha256 }

/** What update does to one file, with the bytes to write where it writes. */
export interface FileStep {
  file: string
  action: 'add' | 'update' | 'merge' | 'conflict' | 'delete' | 'keep'
  reason: string
  content?: Buffer
  /** A conflict that keeps the user's bytes: the template's version is written to this sibling instead. */
  beside?: { file: string; content: Buffer }
}

/** The three sides of the update and the policy that decides between them. */
export interface PlanInput {
  /** The old template version rendered with the recorded answers; undefined when it cannot be had. */
  base: Map<string, Buffer> | undefined
  /** The target template version rendered with the same answers. */
  theirs: Map<string, Buffer>
  /** The user's current bytes of every path that either rendering or the manifest names (regular files only). */
  ours: Map<string, Buffer>
  /** Paths that are symlinks or not regular files in the user's tree: never written through, only reported. */
  blocked?: Map<string, string>
  /** SHA-256 per file as last rendered, from .opsmith.json. */
  recorded: Record<string, string>
  ownership: (file: string) => Ownership
  labels: MergeLabels
}

/** The reason of a seeded file kept while the template renders it differently now. */
export const SEEDED_RENDERED_DIFFERENTLY = 'seeded: yours, left as it is; the template renders it differently now'

/** Where a conflicting binary's (or a file opsmith never made's) template version goes: beside it. */
export function besideName(file: string): string {
  return `${file}.opsmith-new`
}

/** Decides every file's fate; pure, so `--dry-run` prints exactly what a real run writes. */
export function planUpdate(input: PlanInput): FileStep[] {
  const files = new Set([...Object.keys(input.recorded), ...(input.base?.keys() ?? []), ...input.theirs.keys()])
  return [...files].sort().map((file) => planFile(file, input)).filter((step) => step.action !== 'keep' || step.reason !== '')
}

function planFile(file: string, input: PlanInput): FileStep {
  const blocked = input.blocked?.get(file)
  if (blocked !== undefined) return { file, action: 'keep', reason: `${blocked}: opsmith never writes through it` }
  const ours = input.ours.get(file)
  const theirs = input.theirs.get(file)
  const base = input.base?.get(file)
  const wasRendered = file in input.recorded || base !== undefined
  const userChanged = ours !== undefined && wasRendered && sha256(ours) !== input.recorded[file]
  const mode = input.ownership(file)

  if (!wasRendered) {
    // The new version adds this file.
    if (ours === undefined) return { file, action: 'add', reason: 'new in the template', content: theirs }
    if (ours.equals(theirs as Buffer)) return { file, action: 'keep', reason: '' }
    if (mode === 'seeded') return { file, action: 'keep', reason: 'seeded: your file of the same name is kept' }
    // Never write onto a file opsmith did not create: the template's version goes beside it.
    return besideStep(file, theirs as Buffer, 'you already had a file of that name')
  }
  if (ours === undefined) return { file, action: 'keep', reason: theirs === undefined ? '' : 'you deleted it: it stays deleted' }
  // Yours from the first render on (copier's _skip_if_exists): never written, but said when the template now renders it
  // differently (a changed answer, a new version), so that a project is not left half renamed without a word.
  if (mode === 'seeded') {
    const renderedDifferently = theirs !== undefined && file in input.recorded && sha256(theirs) !== input.recorded[file] && !ours.equals(theirs)
    return { file, action: 'keep', reason: renderedDifferently ? SEEDED_RENDERED_DIFFERENTLY : '' }
  }
  if (theirs === undefined) {
    if (!userChanged) return { file, action: 'delete', reason: 'removed from the template' }
    return { file, action: 'keep', reason: 'removed from the template, kept because you changed it' }
  }
  if (!userChanged) return ours.equals(theirs) ? { file, action: 'keep', reason: '' } : { file, action: 'update', reason: `${mode}: updated`, content: theirs }
  // The user changed it: merge their edit with the template's change.
  if (sha256(theirs) === input.recorded[file] || ours.equals(theirs)) return { file, action: 'keep', reason: '' }
  if ([ours, theirs, base].some((side) => side !== undefined && isBinary(side))) return besideStep(file, theirs, 'binary: never text-merged')
  if (base === undefined) return mergeStep(file, ours, Buffer.alloc(0), theirs, { ...input.labels, base: `${input.labels.base} (unavailable)` }, 'old version unavailable: 2-way merge')
  return mergeStep(file, ours, base, theirs, input.labels, `${mode}: your edits merged`)
}

function besideStep(file: string, theirs: Buffer, why: string): FileStep {
  const beside = besideName(file)
  return { file, action: 'conflict', reason: `${why}; yours is kept, the template's is in ${beside}`, beside: { file: beside, content: theirs } }
}

function isBinary(content: Buffer): boolean {
  return content.length > 0 && isBinaryFileSync(content, content.length)
}

// Merged as LF text, then written back with the user's line endings: a file converted to CRLF is not one whole conflict.
function mergeStep(file: string, oursBytes: Buffer, baseBytes: Buffer, theirsBytes: Buffer, labels: MergeLabels, reason: string): FileStep {
  const ours = oursBytes.toString('utf8')
  const crlf = usesCrlf(ours)
  const lf = (text: string) => (crlf ? text.replace(/\r\n/g, '\n') : text)
  const outcome = mergeText(lf(ours), lf(baseBytes.toString('utf8')), lf(theirsBytes.toString('utf8')), labels)
  const content = Buffer.from(crlf ? outcome.content.replace(/\r?\n/g, '\r\n') : outcome.content)
  if (outcome.conflicts > 0) return { file, action: 'conflict', reason: `${outcome.conflicts} conflict(s): ${reason}`, content }
  if (content.equals(oursBytes)) return { file, action: 'keep', reason: '' }
  return { file, action: 'merge', reason, content }
}

/** True when every line of the text ends with CRLF. */
export function usesCrlf(text: string): boolean {
  return text.includes('\r\n') && !/(^|[^\r])\n/.test(text)
}
