import { diff3Merge } from 'node-diff3'

/** Labels written on conflict markers, so a reader knows which side is which. */
export interface MergeLabels {
  ours: string
  base: string
  theirs: string
}

export interface MergeOutcome {
  content: string
  conflicts: number
}

/**
 * Line-level 3-way merge (diff3): `ours` is the user's file, `base` the old template's rendering, `theirs` the
 * new template's rendering. Where both sides changed the same lines, git-style markers (with the base, as
 * `merge.conflictStyle=diff3`) keep both versions: a user edit is never dropped.
 */
export function mergeText(ours: string, base: string, theirs: string, labels: MergeLabels): MergeOutcome {
  if (ours === base) return { content: theirs, conflicts: 0 }
  if (theirs === base || ours === theirs) return { content: ours, conflicts: 0 }
  const regions = diff3Merge(splitLines(ours), splitLines(base), splitLines(theirs), { excludeFalseConflicts: true })
  const lines: string[] = []
  let conflicts = 0
  for (const region of regions) {
    if (region.ok) {
      lines.push(...region.ok)
      continue
    }
    if (!region.conflict) continue
    conflicts++
    lines.push(`<<<<<<< ${labels.ours}`, ...region.conflict.a, `||||||| ${labels.base}`, ...region.conflict.o, '=======', ...region.conflict.b, `>>>>>>> ${labels.theirs}`)
  }
  return { content: joinLines(lines, ours, theirs), conflicts }
}

// Lines keep no terminator; the final newline is restored from the inputs.
function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines
}

function joinLines(lines: string[], ours: string, theirs: string): string {
  if (lines.length === 0) return ''
  const newline = ours.endsWith('\n') || theirs.endsWith('\n') ? '\n' : ''
  return lines.join('\n') + newline
}
