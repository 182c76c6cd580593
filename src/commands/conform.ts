import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { defineCommand } from './command.js'
import { UsageError } from '../errors.js'
import { formatReport, REPORT_FORMATS, runConform, type ReportFormat } from '../conform/index.js'

export default defineCommand({
  name: 'conform',
  summary: 'Check a repository against the opsmith policy (Dockerfile, dev container, workflows, secrets, models, drift).',
  usage: '[dir]',
  flags: {
    format: { type: 'string', valueName: 'FORMAT', description: 'Output format: text, json or sarif.', default: 'text' },
    output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the report to FILE instead of stdout.' },
    fix: { type: 'boolean', description: 'Apply the fixes rules offer (.gitignore, .dockerignore, workflow permissions, ...).' },
    'dry-run': { type: 'boolean', description: 'With --fix: print the fixes and change nothing.' },
    rule: { type: 'string', multiple: true, valueName: 'ID', description: 'Run only this rule.' },
  },
  async run({ positionals, flags, stdout, cwd }) {
    if (positionals.length > 1) throw new UsageError(`opsmith conform takes one directory, got ${positionals.length}.`)
    const format = String(flags.format ?? 'text')
    if (!(format in REPORT_FORMATS)) throw new UsageError(`Unknown format "${format}": use ${Object.keys(REPORT_FORMATS).join(', ')}.`)
    const dryRun = flags['dry-run'] === true
    if (dryRun && flags.fix !== true) throw new UsageError('--dry-run only applies with --fix.')
    const result = await runConform({
      dir: path.resolve(cwd, positionals[0] ?? '.'),
      rules: (flags.rule as string[] | undefined) ?? [],
      fix: flags.fix === true,
      dryRun,
    })
    const report = formatReport(result, format as ReportFormat, { dryRun })
    if (typeof flags.output === 'string') {
      const output = path.resolve(cwd, flags.output)
      await writeFile(output, report).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`Cannot write the report to ${flags.output}: ${error.code ?? error.message}.`, { cause: error })
      })
    } else stdout.write(report)
    return result.summary.errors > 0 ? 1 : 0
  },
})
