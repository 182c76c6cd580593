import path from 'node:path'
import { defineCommand } from './command.js'
import { initRepository } from '../conform/init.js'
import { readProfileFlag } from './conform.js'

export default defineCommand({
  name: 'init',
  summary: 'Adopt an existing repository: detect its profiles, write .opsmith.json and baseline today\'s findings.',
  usage: '[dir]',
  flags: {
    profile: { type: 'string', multiple: true, valueName: 'NAME', description: 'Record these profiles (base, ml, llm; comma-separated) instead of the detected ones.' },
    fix: { type: 'boolean', description: 'Apply the fixes conform offers before recording the baseline.' },
  },
  args: [{ name: 'dir' }],
  async run({ args, flags, stdout, cwd }) {
    const dir = path.resolve(cwd, args.dir ?? '.')
    const { profiles, created, fixes, result, unignored, stillIgnored } = await initRepository({ dir, profiles: readProfileFlag(flags.profile), fix: flags.fix })
    const lines = [`${created ? 'Wrote' : 'Updated'} .opsmith.json: profiles ${profiles.join(', ')}.`]
    for (const fix of fixes) lines.push(`Fixed: ${fix.kind} ${fix.file}${fix.description ? ` (${fix.description})` : ''}`)
    const baseline = result.baseline
    if (baseline) lines.push(`Recorded ${baseline.entries} existing finding${baseline.entries === 1 ? '' : 's'} in ${baseline.file}; \`opsmith conform\` now fails only on new ones.`)
    const fixable = result.suppressed?.filter((finding) => finding.fix).length ?? 0
    if (!flags.fix && fixable > 0) lines.push(`${fixable} of them can be fixed now: \`opsmith init --fix\` or \`opsmith conform --fix\`.`)
    const both = (files: string[]) => files.join(' and ')
    if (unignored.length > 0) lines.push(`git ignored ${both(unignored)}: added ${both(unignored.map((file) => `\`!/${file}\``))} to .gitignore, so ${unignored.length === 1 ? 'it can' : 'they can'} be committed.`)
    if (stillIgnored.length > 0) lines.push(`git ignores ${both(stillIgnored)} and .gitignore could not be changed: commit ${stillIgnored.length === 1 ? 'it' : 'them'} with \`git add -f ${stillIgnored.join(' ')}\`.`)
    if (result.summary.errors > 0) lines.push(`${result.summary.errors} finding${result.summary.errors === 1 ? '' : 's'} cannot be baselined (rule crashes, invalid suppressions, expired waivers): run \`opsmith conform\` to see them.`)
    lines.push(`Next: commit ${unignored.length > 0 || fixes.length > 0 ? 'these changes' : 'both files'} and run \`opsmith conform\` in CI (\`-f sarif\`, \`-f github\` or \`-f gitlab\`); \`opsmith conform --update-baseline\` refreshes the baseline.`)
    stdout.write(`${lines.join('\n')}\n`)
    return result.summary.errors > 0 ? 1 : 0
  },
})
