import { createHash } from 'node:crypto'
import type { Ownership } from '../packs/manifest.js'
import { mergeText, type MergeLabels } from './merge.js'

/** What update does to one file, with the content to write where it writes. */
export interface FileStep {
  file: string
  action: 'add' | 'update' | 'merge' | 'conflict' | 'delete' | 'keep'
  reason: string
  content?: string
}

/** The three sides of the update and the policy that decides between them. */
export interface PlanInput {
  /** The old template version rendered with the recorded answers; undefined when it cannot be had. */
  base: Map<string, string> | undefined
  /** The target template version rendered with the same answers. */
  theirs: Map<string, string>
  /** The user's current content of every path that either rendering or the manifest names. */
  ours: Map<string, string>
  /** SHA-256 per file as last rendered, from .opsmith.json. */
  recorded: Record<string, string>
  ownership: (file: string) => Ownership
  labels: MergeLabels
}

export function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex')
}

/** Decides every file's fate; pure, so `--dry-run` prints exactly what a real run writes. */
export function planUpdate(input: PlanInput): FileStep[] {
  const files = new Set([...Object.keys(input.recorded), ...(input.base?.keys() ?? []), ...input.theirs.keys()])
  return [...files].sort().map((file) => planFile(file, input)).filter((step) => step.action !== 'keep' || step.reason !== '')
}

function planFile(file: string, input: PlanInput): FileStep {
  const ours = input.ours.get(file)
  const theirs = input.theirs.get(file)
  const wasRendered = file in input.recorded || input.base?.has(file) === true
  const userChanged = ours !== undefined && wasRendered && sha256(ours) !== input.recorded[file]
  const mode = input.ownership(file)

  if (!wasRendered) {
    // The new version adds this file.
    if (ours === undefined) return { file, action: 'add', reason: 'new in the template', content: theirs }
    if (ours === theirs) return { file, action: 'keep', reason: '' }
    if (mode === 'seeded') return { file, action: 'keep', reason: 'seeded: your file of the same name is kept' }
    return mergeStep(file, ours, '', theirs as string, input.labels, 'you already had a file of that name')
  }
  if (ours === undefined) return { file, action: 'keep', reason: theirs === undefined ? '' : 'you deleted it: it stays deleted' }
  if (mode === 'seeded') return { file, action: 'keep', reason: '' }
  if (theirs === undefined) {
    if (!userChanged) return { file, action: 'delete', reason: 'removed from the template' }
    return { file, action: 'keep', reason: 'removed from the template, kept because you changed it' }
  }
  if (!userChanged) return ours === theirs ? { file, action: 'keep', reason: '' } : { file, action: 'update', reason: `${mode}: updated`, content: theirs }
  // The user changed it: merge their edit with the template's change.
  if (sha256(theirs) === input.recorded[file]) return { file, action: 'keep', reason: '' }
  const base = input.base?.get(file)
  if (base === undefined) return mergeStep(file, ours, '', theirs, { ...input.labels, base: `${input.labels.base} (unavailable)` }, 'old version unavailable: 2-way merge')
  return mergeStep(file, ours, base, theirs, input.labels, `${mode}: your edits merged`)
}

function mergeStep(file: string, ours: string, base: string, theirs: string, labels: MergeLabels, reason: string): FileStep {
  const outcome = mergeText(ours, base, theirs, labels)
  if (outcome.conflicts > 0) return { file, action: 'conflict', reason: `${outcome.conflicts} conflict(s): ${reason}`, content: outcome.content }
  if (outcome.content === ours) return { file, action: 'keep', reason: '' }
  return { file, action: 'merge', reason, content: outcome.content }
}
