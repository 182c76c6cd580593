import type { Node } from 'yaml'
import { defineRule, type RuleFinding } from '../rule.js'
import { jobsOf, readWorkflows, stepUses } from '../parse/workflow.js'
import { pairOf, type ParsedYaml } from '../parse/yaml.js'

const EXPRESSION = /\$\{\{[^}]*\}\}/g
// A context path: github.head_ref, or github.event and what follows (`.key`, `[0]`, `.*`).
const CONTEXT = /\bgithub\s*\.\s*(?:head_ref\b|event\b(?:\s*(?:\.\s*[\w-]+|\.\s*\*|\[[^\]]*\]))*)/g
// Values of the event that an outside contributor cannot choose: numbers, ids, SHAs, booleans, times, URLs,
// logins and repository names (GitHub allows no shell metacharacters in them), and the event's kind.
const FIXED_FORMAT = new Set([
  'number', 'id', 'node_id', 'sha', 'before', 'after', 'merged', 'draft', 'locked', 'action', 'state', 'author_association',
  'created_at', 'updated_at', 'closed_at', 'merged_at', 'pushed_at', 'run_id', 'run_number', 'run_attempt', 'workflow_id',
  'additions', 'deletions', 'changed_files', 'comments', 'forced', 'created', 'deleted', 'fork', 'private', 'size',
  'head_sha', 'url', 'html_url', 'login', 'full_name',
])
// Free text whatever its key is called: workflow_dispatch and repository_dispatch inputs.
const FREE_TEXT = new Set(['inputs', 'client_payload'])
// Values only people with write access to the repository set: its own branches, tags and default branch.
const WRITERS_ONLY = new Set([
  'github.event.ref', 'github.event.base_ref', 'github.event.pull_request.base.ref', 'github.event.repository.name',
  'github.event.repository.default_branch', 'github.event.release.tag_name',
])

/** The contexts in an expression whose text an outside contributor controls (titles, bodies, branch names, ...). */
export function untrustedContexts(expression: string): string[] {
  const found: string[] = []
  for (const match of expression.matchAll(CONTEXT)) {
    const context = match[0].replace(/\s+/g, '')
    if (context === 'github.head_ref') {
      found.push(context)
      continue
    }
    const keys = context.split(/\.|\[[^\]]*\]/).filter((key) => key !== '' && key !== '*')
    const leaf = keys.at(-1) ?? ''
    if (keys.length > 2 && FIXED_FORMAT.has(leaf) && !keys.some((key) => FREE_TEXT.has(key))) continue
    if (WRITERS_ONLY.has(keys.join('.'))) continue
    found.push(context)
  }
  return found
}

/** An environment variable name for a context: its last two keys (github.event.issue.title: ISSUE_TITLE). */
function variableFor(context: string): string {
  const keys = context.split(/\.|\[[^\]]*\]/).filter((key) => key !== '' && key !== '*' && key !== 'github')
  return keys.slice(-2).join('_').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()
}

function scriptNodes(step: Node): Array<{ node: Node; javascript: boolean }> {
  const run = pairOf(step, 'run')?.value
  const script = /^actions\/github-script@/.test(stepUses(step) ?? '') ? pairOf(pairOf(step, 'with')?.value, 'script')?.value : undefined
  return [
    ...(run ? [{ node: run, javascript: false }] : []),
    ...(script ? [{ node: script, javascript: true }] : []),
  ]
}

function findInScript(workflow: ParsedYaml, { node, javascript }: { node: Node; javascript: boolean }, jobId: string, findings: RuleFinding[]): void {
  const [start = 0, end = 0] = node.range ?? []
  const source = workflow.text.slice(start, end)
  for (const match of source.matchAll(EXPRESSION)) {
    const expression = match[0]
    const untrusted = untrustedContexts(expression)
    if (untrusted.length === 0) continue
    const name = variableFor(untrusted[0] as string)
    const from = workflow.lineCounter.linePos(start + (match.index ?? 0))
    const to = workflow.lineCounter.linePos(start + (match.index ?? 0) + expression.length)
    const use = javascript ? `process.env.${name}` : `"$${name}"`
    findings.push({
      file: workflow.file,
      line: from.line,
      column: from.col,
      endLine: to.line,
      endColumn: to.col,
      message: `\`${expression}\` is expanded into a ${javascript ? 'github-script' : 'script'} in job ${jobId}, so its content runs as code: pass it through \`env:\` (e.g. \`${name}: ${expression}\`) and use \`${use}\`.`,
    })
  }
}

export default defineRule({
  id: 'workflow-no-untrusted-interpolation',
  description: 'No attacker-controlled `${{ github.event.* }}` (or `github.head_ref`) expanded into `run:` scripts',
  severity: 'error',
  refs: ['scorecard:Dangerous-Workflow', 'zizmor:template-injection'],
  profile: 'base',
  securitySeverity: 8.8,
  docs: {
    why: '`${{ github.event.issue.title }}` (and any other text of the event an outside contributor writes: titles, bodies, comments, commit messages, branch names, `github.head_ref`, dispatch inputs) is pasted into the script before it runs: a crafted title becomes shell code (script injection). `run:` and actions/github-script `script:` are checked. Values no contributor can shape are left alone: numbers, ids, SHAs, booleans, times, URLs, logins, the event\'s action, and what only the repository\'s writers set (its branches, tags, default branch).',
    fix: 'Pass the value through `env:` and quote the variable: `env: { TITLE: ${{ github.event.issue.title }} }`, `run: echo "$TITLE"`.',
    examples: { language: 'yaml', bad: '- run: echo "PR title is ${{ github.event.pull_request.title }}"', good: '- run: echo "PR title is $TITLE"\n  env:\n    TITLE: ${{ github.event.pull_request.title }}' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const workflow of await readWorkflows(repo)) {
      for (const job of jobsOf(workflow)) {
        for (const step of job.steps) for (const node of scriptNodes(step)) findInScript(workflow, node, job.id, findings)
      }
    }
    return findings
  },
})
