import path from 'node:path'
import { parseArgs } from 'node:util'
import { REPORT_FORMAT_NAMES as FORMATS } from '../conform/report/formats.js'
import { parseArgsOptions, type FlagTable } from './command.js'

/**
 * The flags of `opsmith conform`: the command's table, and the bin's, which works out the folder to check before
 * the command is loaded (see ../conform/early-listing.ts).
 */
export const CONFORM_FLAGS = {
  format: { type: 'string', short: 'f', valueName: 'FORMAT', description: `Output format: ${FORMATS.join(', ')}.`, default: 'text', choices: FORMATS },
  output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the report to FILE instead of stdout.' },
  fix: { type: 'boolean', description: 'Apply the fixes rules offer (.gitignore, .dockerignore, workflow permissions, ...).' },
  'dry-run': { type: 'boolean', description: 'With --fix: print the fixes and change nothing.' },
  rule: { type: 'string', multiple: true, valueName: 'ID', description: 'Run only this rule.' },
  profile: { type: 'string', multiple: true, valueName: 'NAME', description: 'Check these profiles (base, ml, llm; comma-separated) instead of the detected ones.' },
  'update-baseline': { type: 'boolean', description: 'Record every current finding in the baseline, so only new ones fail.' },
  quiet: { type: 'boolean', short: 'q', description: 'Report errors only.' },
  'max-warnings': { type: 'string', valueName: 'N', description: 'Fail when more than N warnings are reported.' },
  'fail-on': { type: 'string', valueName: 'LEVEL', description: 'Fail on findings of this severity or worse: error (default) or warning.', choices: ['error', 'warning'] },
  'no-color': { type: 'boolean', description: 'No colours in the text report (also NO_COLOR=1).' },
} as const satisfies FlagTable

/**
 * The folder `opsmith conform` will check, from the arguments after `conform`, resolved against `cwd`; undefined
 * when they do not parse (the command then says why).
 */
export function conformFolder(argv: string[], cwd: string): string | undefined {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: parseArgsOptions(CONFORM_FLAGS), allowPositionals: true, strict: false })
    // Help checks nothing; more than one folder is a usage error.
    if (values.help !== undefined || values.h !== undefined || positionals.length > 1) return undefined
    return path.resolve(cwd, positionals[0] ?? '.')
  } catch {
    return undefined
  }
}
