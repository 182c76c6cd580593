import type { Node } from 'yaml'
import { defineRule, type RuleFinding } from '../rule.js'
import { jobsOf, readWorkflows, stepUses } from '../parse/workflow.js'
import { pairOf, type ParsedYaml } from '../parse/yaml.js'

// Contexts an outside contributor controls (titles, bodies, branch names, commit messages, ...).
const UNTRUSTED = /\$\{\{[^}]*\b(?:github\.event\.|github\.head_ref\b)[^}]*\}\}/g

function scriptNodes(step: Node): Node[] {
  const run = pairOf(step, 'run')?.value
  const script = /^actions\/github-script@/.test(stepUses(step) ?? '') ? pairOf(pairOf(step, 'with')?.value, 'script')?.value : undefined
  return [run, script].filter((node): node is Node => node !== undefined && node !== null)
}

function findInScript(workflow: ParsedYaml, node: Node, jobId: string, findings: RuleFinding[]): void {
  const [start = 0, end = 0] = node.range ?? []
  const source = workflow.text.slice(start, end)
  for (const match of source.matchAll(UNTRUSTED)) {
    const expression = match[0]
    findings.push({
      file: workflow.file,
      line: workflow.lineCounter.linePos(start + (match.index ?? 0)).line,
      message: `\`${expression}\` is expanded into a script in job ${jobId}, so its content runs as code: pass it through \`env:\` (e.g. \`TITLE: ${expression}\`) and use \`"$TITLE"\`.`,
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
    why: '`${{ github.event.issue.title }}` (and other `github.event.*`, `github.head_ref`) is pasted into the script before it runs: a crafted title becomes shell code (script injection). `run:` and actions/github-script `script:` are checked.',
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
