import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { defineCommand } from './command.js'
import { UsageError } from '../errors.js'
import { parseProfiles } from '../conform/profiles.js'
import type { ReportFormat } from '../conform/report/formats.js'
import { CONFORM_FLAGS } from './conform-flags.js'
import { prefetchListing } from '../conform/repo-files.js'
import { failureReason, type VerdictOptions } from '../conform/verdict.js'

export default defineCommand({
  name: 'conform',
  summary: 'Check a repository against the opsmith policy (secrets, workflows, Dockerfile, dev container; models, drift and LLM rules where they apply).',
  usage: '[dir]',
  flags: CONFORM_FLAGS,
  args: [{ name: 'dir' }],
  async run({ args, flags, stdout, stderr, cwd }) {
    const dryRun = flags['dry-run']
    if (dryRun && !flags.fix) throw new UsageError('--dry-run only applies with --fix.')
    const max = flags['max-warnings']
    if (max !== undefined && !/^\d+$/.test(max)) throw new UsageError(`--max-warnings takes a whole number, got "${max}".`)
    const verdict: VerdictOptions = { failOn: flags['fail-on'] as VerdictOptions['failOn'], maxWarnings: max === undefined ? undefined : Number(max) }
    const dir = path.resolve(cwd, args.dir ?? '.')
    // git lists the files while the rule set loads (about 25 ms of a small repository's run).
    await prefetchListing(dir).warming
    const { formatReport, runConform } = await import('../conform/index.js')
    const result = await runConform({
      dir,
      rules: flags.rule,
      fix: flags.fix,
      dryRun,
      profiles: readProfileFlag(flags.profile),
      updateBaseline: flags['update-baseline'],
    })
    const format = flags.format as ReportFormat
    const color = format === 'text' && flags.output === undefined && wantsColor(stdout, flags['no-color'])
    const report = formatReport(result, format, { dryRun, quiet: flags.quiet, color })
    if (flags.output !== undefined) {
      const output = path.resolve(cwd, flags.output)
      await writeFile(output, report).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`Cannot write the report to ${flags.output}: ${error.code ?? error.message}.`, { cause: error })
      })
    } else stdout.write(report)
    for (const file of result.ignoredOwnFiles ?? []) {
      stderr.write(`opsmith conform: git ignores ${file}, so a commit leaves it out and CI runs without it: add \`!/${file}\` to .gitignore (or \`git add -f ${file}\`).\n`)
    }
    const failure = failureReason(result.summary, verdict)
    // Machine formats keep stdout parseable; say why a warnings-only run failed on stderr.
    if (failure && result.summary.errors === 0) stderr.write(`opsmith conform: failing on ${failure}.\n`)
    return failure ? 1 : 0
  },
})

export function readProfileFlag(values: string[] | undefined) {
  if (!values?.length) return undefined
  const { profiles, errors } = parseProfiles(values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean), '--profile')
  if (errors.length > 0) throw new UsageError(errors[0]!)
  return profiles
}

// https://no-color.org: any non-empty NO_COLOR turns colour off; FORCE_COLOR turns it on off a terminal.
function wantsColor(stdout: NodeJS.WritableStream, noColor: boolean): boolean {
  if (noColor || (process.env.NO_COLOR ?? '') !== '') return false
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true
  return (stdout as NodeJS.WriteStream).isTTY === true && process.env.TERM !== 'dumb'
}
