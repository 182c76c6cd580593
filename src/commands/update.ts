import path from 'node:path'
import { updateProject, type UpdateResult } from '../update/update.js'
import { withProgress } from '../progress.js'
import { defineCommand } from './command.js'

const LABELS: Record<string, string> = { add: 'added', update: 'updated', merge: 'merged', conflict: 'CONFLICT', delete: 'removed', keep: 'kept' }

export default defineCommand({
  name: 'update',
  summary: 'Update a generated project to a newer template version, 3-way merging your edits.',
  usage: '[dir]',
  flags: {
    to: { type: 'string', valueName: 'VERSION', description: 'Template version to update to (default: the newest available).' },
    'dry-run': { type: 'boolean', description: 'Print what would change; write nothing.' },
    trust: { type: 'boolean', description: "Run the template pack's JavaScript plopfile (packs of data never need it)." },
  },
  args: [{ name: 'dir' }],
  async run({ args, flags, stdout, stderr, cwd }) {
    const result = await withProgress(stderr, 'Rendering the template versions and merging', () =>
      updateProject({ projectDir: path.resolve(cwd, args.dir ?? '.'), to: flags.to, dryRun: flags['dry-run'], trust: flags.trust }),
    )
    stdout.write(formatUpdate(result))
    return result.conflicts.length > 0 ? 1 : 0
  },
})

/** The summary users read: one line per touched file, then totals and what to do next. */
export function formatUpdate(result: UpdateResult): string {
  const lines = [`${result.dryRun ? 'Would update' : 'Updated'} from ${result.from} to ${result.to}.`]
  for (const layer of result.layers) lines.push(`  extends   ${layer.id} ${layer.from ?? '(new)'} -> ${layer.to}`)
  if (result.baseUnavailable) lines.push(`warning: version ${result.from} could not be rendered (${result.baseUnavailable}); your edits were merged 2-way.`)
  for (const change of result.migrations) lines.push(`  migrated  ${change.description}`)
  for (const step of result.steps) lines.push(`  ${(LABELS[step.action] ?? step.action).padEnd(9)} ${step.file}${step.reason ? `  (${step.reason})` : ''}`)
  const counts = Object.entries(LABELS)
    .map(([action, label]) => [label, result.steps.filter((step) => step.action === action).length] as const)
    .filter(([, count]) => count > 0)
    .map(([label, count]) => `${count} ${label.toLowerCase()}`)
  lines.push(counts.length > 0 ? `Summary: ${counts.join(', ')}.` : 'Summary: nothing to change.')
  if (result.conflicts.length > 0) lines.push(`Resolve the conflict markers in ${result.conflicts.join(', ')}, then commit.`)
  else if (!result.dryRun && result.steps.length > 0) lines.push('Review with `git diff`, then commit.')
  return `${lines.join('\n')}\n`
}
