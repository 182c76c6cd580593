import fsp from 'node:fs/promises'
import path from 'node:path'
import { UsageError } from '../errors.js'
import type { FleetDocument, FleetRepository } from '../fleet/document.js'
import { defineCommand, defineGroup, type FlagValues } from './command.js'

const OUTPUT_FLAGS = {
  output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the fleet JSON to FILE (default stdout).' },
  html: { type: 'string', valueName: 'FILE', description: 'Also write the HTML dashboard (self-contained, works offline).' },
  markdown: { type: 'string', valueName: 'FILE', description: 'Also write a Markdown summary (for $GITHUB_STEP_SUMMARY).' },
  previous: { type: 'string', valueName: 'FILE', description: 'An earlier fleet JSON: the dashboard shows the trend against it.' },
} as const

type OutputFlags = FlagValues<typeof OUTPUT_FLAGS>

async function outputsFrom(flags: OutputFlags, cwd: string) {
  const { readFleetDocument } = await import('../fleet/report.js')
  const file = (name: keyof typeof OUTPUT_FLAGS) => (flags[name] === undefined ? undefined : path.resolve(cwd, flags[name]))
  const previousFile = file('previous')
  return { json: file('output'), html: file('html'), markdown: file('markdown'), previous: previousFile ? await readFleetDocument(previousFile) : undefined }
}

/** One line per repository: rewritten in place on a terminal, timestamped lines in CI logs and pipes. */
function progressPrinter(stream: NodeJS.WritableStream) {
  const tty = (stream as { isTTY?: boolean }).isTTY === true && process.env.CI !== 'true'
  return (repository: FleetRepository, done: number, total: number) => {
    const what = repository.status === 'error' ? `error: ${repository.error}` : `${repository.status} (${repository.counts.error} error${repository.counts.error === 1 ? '' : 's'}, ${repository.counts.warning} warning${repository.counts.warning === 1 ? '' : 's'})`
    const line = `[${done}/${total}] ${repository.name} ${what} ${(repository.durationMs / 1000).toFixed(1)} s`
    if (tty) stream.write(`\r\x1b[K${line.slice(0, 150)}${done === total ? '\r\x1b[K' : ''}`)
    else stream.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`)
  }
}

function positiveInteger(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`--${flag} must be a whole number of at least 1, got "${String(value)}".`)
  return number
}

async function finish(document: FleetDocument, flags: OutputFlags, cwd: string, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream, seconds?: number) {
  const { writeFleetOutputs, describeFleet } = await import('../fleet/outputs.js')
  const json = await writeFleetOutputs(document, await outputsFrom(flags, cwd))
  if (json) stdout.write(json)
  stderr.write(`${describeFleet(document, seconds)}\n`)
  return 0
}

const scan = defineCommand({
  name: 'scan',
  summary: 'Run conform on every repository under a folder of clones (or in a list file); write the fleet JSON and dashboard.',
  usage: '[dir]',
  flags: {
    ...OUTPUT_FLAGS,
    list: { type: 'string', valueName: 'FILE', description: 'Scan the repositories listed in FILE (one path a line) instead of a folder.' },
    jobs: { type: 'string', short: 'j', valueName: 'N', description: 'Repositories checked at once (default: one per core).' },
    timeout: { type: 'string', valueName: 'SECONDS', description: 'Per-repository limit; a repository over it is an error row (default 120).' },
  },
  args: [{ name: 'dir' }],
  async run({ args, flags, stdout, stderr, cwd }) {
    const { discoverRepositories, readRepositoryList } = await import('../fleet/discover.js')
    const { scanFleet } = await import('../fleet/scan.js')
    if (flags.list !== undefined && args.dir !== undefined) throw new UsageError('Give a folder or --list FILE, not both.')
    const concurrency = positiveInteger(flags.jobs, 'jobs')
    const timeoutSeconds = positiveInteger(flags.timeout, 'timeout')
    const targets = flags.list !== undefined ? await readRepositoryList(path.resolve(cwd, flags.list)) : await discoverRepositories(path.resolve(cwd, args.dir ?? '.'))
    if (targets.length === 0) throw new UsageError('No repositories found (a repository is a folder with .git or .opsmith.json).')
    const started = performance.now()
    const document = await scanFleet(targets, { concurrency, timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000, onResult: progressPrinter(stderr) })
    return finish(document, flags, cwd, stdout, stderr, (performance.now() - started) / 1000)
  },
})

async function expandResults(inputs: string[], cwd: string): Promise<string[]> {
  const files: string[] = []
  for (const input of inputs) {
    const resolved = path.resolve(cwd, input)
    const stats = await fsp.lstat(resolved).catch(() => undefined)
    if (stats?.isDirectory()) {
      // CI artifact downloads: one folder per repository, each with its JSON result.
      const entries = await fsp.readdir(resolved, { recursive: true, withFileTypes: true })
      files.push(...entries.filter((entry) => entry.isFile() && entry.name.endsWith('.json')).map((entry) => path.join(entry.parentPath, entry.name)).sort())
    } else if (stats?.isFile()) files.push(resolved)
    else throw new UsageError(`No result file or folder at ${input}.`)
  }
  return files
}

const report = defineCommand({
  name: 'report',
  summary: 'Merge conform JSON reports and fleet JSONs (e.g. CI artifacts) into one fleet JSON and dashboard.',
  usage: '<result...>',
  flags: { ...OUTPUT_FLAGS },
  args: [{ name: 'results', required: true, variadic: true, missing: 'Name the result files or folders: opsmith fleet report results/ -o fleet.json --html fleet.html.' }],
  async run({ args, flags, stdout, stderr, cwd }) {
    const { mergeFleetResults } = await import('../fleet/report.js')
    const merged = await mergeFleetResults(await expandResults(args.results, cwd))
    for (const warning of merged.warnings) stderr.write(`opsmith: ${warning}\n`)
    return finish(merged.document, flags, cwd, stdout, stderr)
  },
})

const plan = defineCommand({
  name: 'plan',
  summary: 'Split an organisation\'s repositories into batches for a CI matrix (at most 256 jobs); prints the matrix JSON.',
  usage: '',
  flags: {
    repos: { type: 'string', valueName: 'FILE', description: 'owner/name repositories, one a line (- for stdin).' },
    'github-org': { type: 'string', valueName: 'ORG', description: 'List the organisation\'s repositories through the GitHub API (token: GITHUB_TOKEN, read access).' },
    'max-jobs': { type: 'string', valueName: 'N', description: 'At most N matrix jobs (default and limit 256).' },
    'batch-size': { type: 'string', valueName: 'N', description: 'At least N repositories per job (default 1).' },
    'include-archived': { type: 'boolean', description: 'With --github-org: keep archived repositories.' },
    'include-forks': { type: 'boolean', description: 'With --github-org: keep forks.' },
  },
  async run({ flags, stdout, cwd }) {
    const { planBatches, listOrganisationRepositories } = await import('../fleet/plan.js')
    const org = flags['github-org']
    if ((flags.repos === undefined) === (org === undefined)) throw new UsageError('Give exactly one of --repos FILE and --github-org ORG.')
    let repositories: string[] = []
    if (org !== undefined) {
      repositories = await listOrganisationRepositories(org, {
        apiUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com',
        token: process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN,
        includeArchived: flags['include-archived'],
        includeForks: flags['include-forks'],
      })
    } else if (flags.repos !== undefined) {
      const source = flags.repos
      const text = source === '-' ? await readStdin() : await fsp.readFile(path.resolve(cwd, source), 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`Cannot read ${source}: ${error.code ?? error.message}.`, { cause: error })
      })
      repositories = text.split('\n').flatMap((line) => line.replace(/#.*/, '').split(/[\s,]+/)).filter((name) => name !== '')
    }
    const batches = planBatches(repositories, { maxJobs: positiveInteger(flags['max-jobs'], 'max-jobs'), batchSize: positiveInteger(flags['batch-size'], 'batch-size') })
    stdout.write(`${JSON.stringify({ include: batches })}\n`)
    return 0
  },
})

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export default defineGroup({
  name: 'fleet',
  summary: 'Conformance across many repositories: scan clones, merge CI results, HTML dashboard.',
  commands: { scan, report, plan },
})
