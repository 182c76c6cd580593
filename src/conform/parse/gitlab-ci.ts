import type { Repo } from '../repo.js'
import { errorPositionWithin, readYaml, type ParsedYaml } from './yaml.js'
import { WORKFLOW_GLOB } from './workflow.js'

export const GITLAB_CI_FILE = '.gitlab-ci.yml'

/** The CI a repository uses, in the rule context: `gitlab` when GitLab CI/CD is its only CI. */
export type CiKind = 'github' | 'gitlab' | 'both' | 'none'

const CI_KINDS: readonly unknown[] = ['github', 'gitlab', 'both'] satisfies CiKind[]

/**
 * The CI a repository uses, from its files (GitHub workflows, .gitlab-ci.yml); with neither, what its record's
 * `ci` answer says it was generated with.
 */
export function detectCi(repo: Repo, answer: unknown): CiKind {
  const github = repo.glob(WORKFLOW_GLOB).length > 0
  const gitlab = repo.has(GITLAB_CI_FILE)
  if (github || gitlab) return github && gitlab ? 'both' : github ? 'github' : 'gitlab'
  return CI_KINDS.includes(answer) ? (answer as CiKind) : 'none'
}

// Top-level keys of .gitlab-ci.yml that are keywords, not jobs.
const GLOBAL_KEYWORDS = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'types'])
const SCHEDULE_ONLY = /^\s*\$CI_PIPELINE_SOURCE\s*==\s*["']schedule["']\s*$/

/** One job of .gitlab-ci.yml, its `extends` resolved (hidden `.templates`, shallowly, in order). */
export interface GitlabJob {
  id: string
  name: string
  /** `script` lines (before_script included). */
  scripts: string[]
  /** Runs in scheduled pipelines: a rule `if: $CI_PIPELINE_SOURCE == "schedule"`, or `only: [schedules]`. */
  scheduled: boolean
  /** Runs on pushes and merge requests: no rules, or a rule that is not schedule-only. */
  onChange: boolean
  allowFailure: boolean
  line: number
}

/**
 * .gitlab-ci.yml parsed, or undefined when the repository has none or it does not parse; a parse error is recorded
 * once (repo.unparsed) for the engine to report as `parse-error`, whichever GitLab rules read the file.
 */
export async function readGitlabCi(repo: Repo): Promise<ParsedYaml | undefined> {
  const file = await readYaml(repo, GITLAB_CI_FILE)
  if (file?.error === undefined) return file
  repo.unparsed.set(file.file, { message: file.error, ...errorPositionWithin(file.text, file.errorAt) })
  return undefined
}

/** The jobs of .gitlab-ci.yml ([] when the repository has none, or it does not parse). */
export async function readGitlabJobs(repo: Repo): Promise<GitlabJob[]> {
  const file = await readGitlabCi(repo)
  if (!file || !isRecord(file.value)) return []
  const top = file.value
  return Object.keys(top)
    .filter((id) => !id.startsWith('.') && !GLOBAL_KEYWORDS.has(id) && isRecord(top[id]))
    .map((id) => toJob(id, resolve(top, id, 0), lineOf(file, id)))
}

function toJob(id: string, job: Record<string, unknown>, line: number): GitlabJob {
  const rules = Array.isArray(job.rules) ? job.rules.filter(isRecord) : undefined
  const active = rules?.filter((rule) => rule.when !== 'never')
  const only = Array.isArray(job.only) ? job.only.map(String) : []
  const scheduled = (active?.some((rule) => SCHEDULE_ONLY.test(String(rule.if ?? ''))) ?? false) || only.includes('schedules')
  const onChange = only.length > 0 ? only.some((ref) => ref !== 'schedules') : active === undefined || active.some((rule) => !SCHEDULE_ONLY.test(String(rule.if ?? '')))
  return { id, name: typeof job.name === 'string' ? job.name : '', scripts: [...lines(job.before_script), ...lines(job.script)], scheduled, onChange, allowFailure: job.allow_failure === true, line }
}

// `extends` merges the named hidden jobs under the job's own keys (GitLab merges deeply; rules and scripts,
// the keys read here, are replaced whole, so a shallow merge gives the same answer).
function resolve(top: Record<string, unknown>, id: string, depth: number): Record<string, unknown> {
  const job = top[id]
  if (!isRecord(job) || depth > 10) return {}
  const parents = typeof job.extends === 'string' ? [job.extends] : Array.isArray(job.extends) ? job.extends.map(String) : []
  return Object.assign({}, ...parents.map((parent) => resolve(top, parent, depth + 1)), job) as Record<string, unknown>
}

function lines(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.flat(10).map(String) : []
}

function lineOf(file: ParsedYaml, id: string): number {
  const index = file.text.split('\n').findIndex((line) => line.startsWith(`${id}:`))
  return index < 0 ? 1 : index + 1
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
