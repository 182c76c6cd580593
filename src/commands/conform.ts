import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { defineCommand } from './command.js'
import { UsageError } from '../errors.js'
import { formatReport, runConform } from '../conform/index.js'

export default defineCommand({
  name: 'conform',
  summary: 'Check a repository against the opsmith policy (Dockerfile, dev container, workflows, secrets, models, drift).',
  usage: '[dir]',
  flags: {
    format: { type: 'string', valueName: 'FORMAT', description: 'Output format: text, json or sarif.', default: 'text', choices: ['text', 'json', 'sarif'] },
    output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the report to FILE instead of stdout.' },
    fix: { type: 'boolean', description: 'Apply the fixes rules offer (.gitignore, .dockerignore, workflow permissions, ...).' },
    'dry-run': { type: 'boolean', description: 'With --fix: print the fixes and change nothing.' },
    rule: { type: 'string', multiple: true, valueName: 'ID', description: 'Run only this rule.' },
  },
  args: [{ name: 'dir' }],
  async run({ args, flags, stdout, cwd }) {
    const dryRun = flags['dry-run']
    if (dryRun && !flags.fix) throw new UsageError('--dry-run only applies with --fix.')
    const result = await runConform({ dir: path.resolve(cwd, args.dir ?? '.'), rules: flags.rule, fix: flags.fix, dryRun })
    const report = formatReport(result, flags.format, { dryRun })
    if (flags.output !== undefined) {
      const output = path.resolve(cwd, flags.output)
      await writeFile(output, report).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`Cannot write the report to ${flags.output}: ${error.code ?? error.message}.`, { cause: error })
      })
    } else stdout.write(report)
    return result.summary.errors > 0 ? 1 : 0
  },
})
