import fsp from 'node:fs/promises'
import path from 'node:path'
import { ToolError, UsageError } from '../errors.js'
import { canPrompt, askWithInquirer } from '../generate/ask.js'
// Direct imports, not generate/index.js: `new` must not load what only `add` needs (yaml, semver).
import { parseSetFlags } from '../generate/answers.js'
import { generateProject } from '../generate/project.js'
import { describeTemplateSchema, loadProjectQuestions } from '../generate/schema.js'
import { DEFAULT_TEMPLATE } from '../packs/resolve.js'
import { defineCommand } from './command.js'

export default defineCommand({
  name: 'new',
  summary: 'Generate a new AI project from a template (same as create-opsmith).',
  usage: '[dir]',
  flags: {
    template: { type: 'string', short: 't', valueName: 'ID', description: `Template to generate from (default ${DEFAULT_TEMPLATE}).` },
    yes: { type: 'boolean', short: 'y', description: 'Take the default for every question not answered by a flag.' },
    set: { type: 'string', multiple: true, valueName: 'KEY=VALUE', description: 'Answer one question, e.g. --set serving=false.' },
    answers: { type: 'string', valueName: 'FILE', description: 'Read answers from a JSON file (see --schema).' },
    'base-image': { type: 'string', valueName: 'REF@sha256:DIGEST', description: 'Hardened runtime base image, pinned by digest (answer baseImage).' },
    'dev-image': { type: 'string', valueName: 'REF@sha256:DIGEST', description: 'Hardened dev/build base image, pinned by digest (answer devImage).' },
    trust: { type: 'boolean', description: "Run the template pack's JavaScript plopfile (a pack of data, generators.yaml, and built-in templates never need it)." },
    force: { type: 'boolean', description: 'Add to a non-empty folder; existing files are kept and listed, never overwritten.' },
    'no-git': { type: 'boolean', description: 'Do not run git init and the initial commit.' },
    schema: { type: 'boolean', description: "Print the template's questions as JSON Schema and exit." },
  },
  args: [{ name: 'dir' }],
  async run({ args, flags, stdout, stderr, cwd }) {
    const template = flags.template
    if (flags.schema) {
      stdout.write(`${JSON.stringify(await describeTemplateSchema(template, 'project', cwd, flags.trust === true), null, 2)}\n`)
      return 0
    }
    const set = parseSetFlags(flags.set)
    const answers = flags.answers ? await readAnswersFile(path.resolve(cwd, flags.answers)) : undefined
    let targetDir = args.dir ?? set.projectName ?? (answers?.projectName as string | undefined)
    // On a terminal, ask for the name first (it names the folder); without one, say what is missing.
    if (!targetDir && !flags.yes && canPrompt()) {
      const nameQuestion = (await loadProjectQuestions(template, cwd, flags.trust === true)).filter((question) => question.name === 'projectName')
      targetDir = String((await askWithInquirer(nameQuestion, {})).projectName)
    }
    if (!targetDir) throw new UsageError('Name the project folder: opsmith new <dir> (or create-opsmith <dir>).')

    const result = await generateProject({
      targetDir,
      cwd,
      template,
      answers,
      set,
      flags: {
        ...(flags['base-image'] !== undefined ? { baseImage: flags['base-image'] } : {}),
        ...(flags['dev-image'] !== undefined ? { devImage: flags['dev-image'] } : {}),
      },
      useDefaults: flags.yes,
      git: !flags['no-git'],
      force: flags.force,
      trust: flags.trust,
      ask: !flags.yes && canPrompt() ? askWithInquirer : undefined,
    })

    for (const warning of result.warnings) stderr.write(`warning: ${warning}\n`)
    const shown = path.relative(cwd, result.targetDir) || '.'
    stdout.write(`Created ${shown} from ${result.template.id} ${result.template.version} (${result.files.length} files).\n`)
    if (result.conflicts.length > 0) {
      stdout.write(`Kept ${result.conflicts.length} existing file(s) unchanged (not overwritten):\n`)
      for (const file of result.conflicts) stdout.write(`  ${file}\n`)
    }
    stdout.write(`\nNext:\n${['cd ' + shown, ...result.nextSteps].map((line) => `  ${line}\n`).join('')}`)
    return 0
  },
})

async function readAnswersFile(file: string): Promise<Record<string, unknown>> {
  const text = await fsp.readFile(file, 'utf8').catch((error: Error) => {
    throw new UsageError(`Cannot read --answers file ${file}: ${error.message}`, { cause: error })
  })
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object')
    return value as Record<string, unknown>
  } catch (error) {
    throw new ToolError('usage', `--answers file ${file} is not a JSON object of answers: ${(error as Error).message}`, { cause: error })
  }
}
