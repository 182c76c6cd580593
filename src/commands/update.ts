import path from 'node:path'
import { parseSetFlags } from '../generate/answers.js'
import { startProgress } from '../progress.js'
import { updateProject, type UpdateResult } from '../update/update.js'
import { SEEDED_RENDERED_DIFFERENTLY } from '../update/plan.js'
import { RECORD_FILE } from '../record/index.js'
import { defineCommand, FORMAT_FLAG, TRUST_FLAG } from './command.js'
import { openProject } from './open-project.js'
import { printableLines } from '../printable.js'

const LABELS: Record<string, string> = { add: 'added', update: 'updated', merge: 'merged', conflict: 'CONFLICT', delete: 'removed', keep: 'kept' }

export default defineCommand({
  name: 'update',
  summary: 'Update a generated project to a newer template version (or new answers), 3-way merging your edits.',
  usage: '[dir]',
  flags: {
    to: { type: 'string', valueName: 'VERSION', description: 'Template version to update to (default: the newest available).' },
    set: { type: 'string', multiple: true, valueName: 'KEY=VALUE', description: 'Change one answer and re-render with it, e.g. --set serving=false.' },
    'dry-run': { type: 'boolean', description: 'Print what would change; write nothing.' },
    format: FORMAT_FLAG,
    trust: TRUST_FLAG,
  },
  args: [{ name: 'dir' }],
  async run({ args, flags, stdout, stderr, cwd }) {
    const projectDir = openProject(cwd, args.dir, stderr)
    const set = parseSetFlags(flags.set)
    const result = await updateProject({
      projectDir,
      to: flags.to,
      set,
      dryRun: flags['dry-run'],
      trust: flags.trust,
      progress: (label) => startProgress(stderr, label),
    })
    const record = path.relative(cwd, path.join(projectDir, RECORD_FILE))
    stdout.write(flags.format === 'json' ? `${JSON.stringify(describeUpdate(result), null, 2)}\n` : printableLines(formatUpdate(result, record)))
    return result.conflicts.length > 0 ? 1 : 0
  },
})

/** The summary users read: one line per touched file, then totals and what to do next (`record`: the project's .opsmith.json as the user reaches it). */
export function formatUpdate(result: UpdateResult, record = RECORD_FILE): string {
  const lines = [`${result.dryRun ? 'Would update' : 'Updated'} from ${result.from} to ${result.to}.`]
  for (const layer of result.layers) lines.push(`  extends   ${layer.id} ${layer.from ?? '(new)'} -> ${layer.to}`)
  for (const answer of result.answers) lines.push(`  answer    ${answer.name}: ${JSON.stringify(answer.from) ?? '(none)'} -> ${JSON.stringify(answer.to)}`)
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
  // Seeded files are never written: say how to see what the template renders for them now, to carry it over by hand.
  const seeded = result.steps.filter((step) => step.reason === SEEDED_RENDERED_DIFFERENTLY).length
  if (seeded > 0 && !result.dryRun) {
    const name = result.projectName === undefined ? '' : ` --set ${shellWord(`projectName=${result.projectName}`)}`
    lines.push(`${seeded} seeded file${seeded === 1 ? ' is' : 's are'} yours and left as ${seeded === 1 ? 'it is' : 'they are'}; to see them as the template renders them now, generate a copy into an empty folder: \`opsmith new <folder> --answers ${shellWord(record)}${name} --no-git\`.`)
  }
  return `${lines.join('\n')}\n`
}

// A word to paste into a POSIX shell: as it is when plain, else single-quoted.
function shellWord(word: string): string {
  return /^[\w./@%+=:,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

/** The JSON document of `update --format json`: every step without its bytes. */
export function describeUpdate(result: UpdateResult): object {
  return {
    dryRun: result.dryRun,
    from: result.from,
    to: result.to,
    layers: result.layers,
    answers: result.answers,
    ...(result.baseUnavailable ? { baseUnavailable: result.baseUnavailable } : {}),
    migrations: result.migrations.map((change) => change.description),
    steps: result.steps.map((step) => ({ file: step.file, action: step.action, reason: step.reason, ...(step.beside ? { beside: step.beside.file } : {}) })),
    conflicts: result.conflicts,
  }
}
