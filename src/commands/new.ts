import fsp from 'node:fs/promises'
import path from 'node:path'
import { ToolError, UsageError } from '../errors.js'
import { canPrompt, askWithInquirer } from '../generate/ask.js'
// Direct imports, not generate/index.js: `new` must not load what only `add` needs (yaml, semver).
import { parseSetFlags, type AskFunction } from '../generate/answers.js'
import { generateProject, type GenerateResult } from '../generate/project.js'
import { describeTemplateSchema, loadProjectQuestions } from '../generate/schema.js'
import { DEFAULT_TEMPLATE, resolvePack } from '../packs/resolve.js'
import { parseProjectRecord, readProjectRecord, recordedSource, RECORD_FILE, type ProjectRecord } from '../record/index.js'
import { defineCommand, FORMAT_FLAG, TRUST_FLAG } from './command.js'
import { showPackProgress } from './pack-progress.js'
import { printable, printableLines } from '../printable.js'

/** How `new` asks: prompts on a terminal (tests inject their own instead of a pseudo-terminal). */
export interface Prompter {
  canAsk: () => boolean
  ask: AskFunction
}

/** The `new` command with its prompter; the CLI's uses the terminal. */
export function createNewCommand(prompter: Prompter = { canAsk: canPrompt, ask: askWithInquirer }) {
  return defineCommand({
    name: 'new',
    summary: 'Generate a new AI project from a template (same as create-opsmith).',
    usage: '[dir]',
    flags: {
      template: { type: 'string', short: 't', valueName: 'ID', description: `Template to generate from (default ${DEFAULT_TEMPLATE}, or the template of an --answers .opsmith.json).` },
      yes: { type: 'boolean', short: 'y', description: 'Take the default for every question not answered by a flag.' },
      set: { type: 'string', multiple: true, valueName: 'KEY=VALUE', description: 'Answer one question, e.g. --set serving=false.' },
      answers: { type: 'string', valueName: 'FILE', description: "Read answers from a JSON file (see --schema), or from another project's .opsmith.json." },
      'base-image': { type: 'string', valueName: 'REF@sha256:DIGEST', description: 'Hardened runtime base image, pinned by digest (answer baseImage).' },
      'dev-image': { type: 'string', valueName: 'REF@sha256:DIGEST', description: 'Hardened dev/build base image, pinned by digest (answer devImage).' },
      trust: { ...TRUST_FLAG, description: "Run the template pack's JavaScript plopfile (a pack of data, generators.yaml, and built-in templates never need it)." },
      force: { type: 'boolean', description: 'Add to a non-empty folder; existing files are kept and listed, never overwritten.' },
      'no-git': { type: 'boolean', description: 'Do not run git init and the initial commit.' },
      'dry-run': { type: 'boolean', description: 'List the files that would be written; write nothing.' },
      format: FORMAT_FLAG,
      schema: { type: 'boolean', description: "Print the template's questions as JSON Schema and exit." },
    },
    args: [{ name: 'dir' }],
    async run({ args, flags, stdout, stderr, cwd }) {
      showPackProgress(stderr)
      const set = parseSetFlags(flags.set)
      const given = flags.answers ? await readAnswersFile(path.resolve(cwd, flags.answers)) : undefined
      // The pack is resolved once (one npm install for an npm pack) and passed to every step below.
      const pack = await resolvePack(flags.template ?? (given?.record ? recordedSource(given.record).spec : undefined), cwd)
      const trust = flags.trust === true
      if (flags.schema) {
        stdout.write(`${JSON.stringify(await describeTemplateSchema(pack, 'project', cwd, trust), null, 2)}\n`)
        return 0
      }
      let answers = given?.answers
      // A project's record answers this pack's questions as that project was made: keep those the pack still asks.
      if (given?.record && answers) {
        const asked = new Set((await loadProjectQuestions(pack, cwd, trust)).map((question) => question.name))
        answers = Object.fromEntries(Object.entries(answers).filter(([name]) => asked.has(name)))
      }
      const interactive = !flags.yes && prompter.canAsk()
      let targetDir = args.dir ?? set.projectName ?? (answers?.projectName as string | undefined)
      // On a terminal, ask for the name first (it names the folder); without one, say what is missing.
      if (!targetDir && interactive) {
        const nameQuestion = (await loadProjectQuestions(pack, cwd, trust)).filter((question) => question.name === 'projectName')
        targetDir = String((await prompter.ask(nameQuestion, {})).projectName)
      }
      if (!targetDir) throw new UsageError('Name the project folder: opsmith new <dir> (or create-opsmith <dir>).')

      const result = await generateProject({
        targetDir,
        cwd,
        template: pack,
        answers,
        set,
        flags: {
          ...(flags['base-image'] !== undefined ? { baseImage: flags['base-image'] } : {}),
          ...(flags['dev-image'] !== undefined ? { devImage: flags['dev-image'] } : {}),
        },
        useDefaults: flags.yes,
        git: !flags['no-git'],
        force: flags.force,
        trust,
        dryRun: flags['dry-run'],
        ask: interactive ? prompter.ask : undefined,
      })

      for (const warning of result.warnings) stderr.write(`warning: ${printable(warning)}\n`)
      stdout.write(flags.format === 'json' ? `${JSON.stringify(describeResult(result), null, 2)}\n` : printableLines(formatResult(result, path.relative(cwd, result.targetDir) || '.')))
      return 0
    },
  })
}

export default createNewCommand()

function formatResult(result: GenerateResult, shown: string): string {
  const lines: string[] = []
  if (result.dryRun) {
    lines.push(`Would create ${shown} from ${result.template.id} ${result.template.version} (${result.files.length} files); nothing was written:`)
    lines.push(...result.files.map((file) => `  ${file}`))
    if (result.conflicts.length > 0) lines.push(`Would keep ${result.conflicts.length} existing file(s) unchanged (not overwritten):`, ...result.conflicts.map((file) => `  ${file}`))
    return `${lines.join('\n')}\n`
  }
  lines.push(`Created ${shown} from ${result.template.id} ${result.template.version} (${result.files.length} files).`)
  if (result.conflicts.length > 0) lines.push(`Kept ${result.conflicts.length} existing file(s) unchanged (not overwritten):`, ...result.conflicts.map((file) => `  ${file}`))
  lines.push('', 'Next:', ...['cd ' + shown, ...result.nextSteps].map((line) => `  ${line}`))
  return `${lines.join('\n')}\n`
}

/** The JSON document of `new --format json`. */
function describeResult(result: GenerateResult): object {
  const { targetDir, template, files, conflicts, git, warnings, nextSteps, dryRun } = result
  return { dryRun, targetDir, template, files, conflicts, git, warnings, nextSteps }
}

/** `--answers`: a JSON object of answers, or a project's .opsmith.json (its answers, read through the project record). */
async function readAnswersFile(file: string): Promise<{ answers: Record<string, unknown>; record?: ProjectRecord }> {
  const text = await fsp.readFile(file, 'utf8').catch((error: Error) => {
    throw new UsageError(`Cannot read --answers file ${file}: ${error.message}`, { cause: error })
  })
  let value: unknown
  try {
    value = JSON.parse(text)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object')
  } catch (error) {
    throw new ToolError('usage', `--answers file ${file} is not a JSON object of answers: ${(error as Error).message}`, { cause: error })
  }
  const looksLikeRecord = path.basename(file) === RECORD_FILE || ('template' in value && 'answers' in value && typeof value.answers === 'object')
  if (!looksLikeRecord) return { answers: value as Record<string, unknown> }
  const { record, errors } = path.basename(file) === RECORD_FILE ? await readProjectRecord(path.dirname(file)) : await parseProjectRecord(text)
  if (!record) throw new ToolError('usage', `--answers file ${file} is a project record (${RECORD_FILE}) that is not valid: ${errors.join('; ')}`)
  // The other project's name is not this one's: the new folder names it (or --set projectName=...).
  const { projectName: _name, ...answers } = record.answers ?? {}
  return { answers, record }
}
