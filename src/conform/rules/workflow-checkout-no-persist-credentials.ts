import type { Node } from 'yaml'
import { defineRule, type RuleFinding } from '../rule.js'
import { isCheckout, jobsOf, readWorkflows, stepUses } from '../parse/workflow.js'
import { lineOfNode, pairOf, pairsOf, scalarText, type ParsedYaml } from '../parse/yaml.js'

// Adds `persist-credentials: false` to a checkout step: under its `with:` map, or as a new `with:`.
function insertPersistCredentials(workflow: ParsedYaml, step: Node): string {
  const lines = workflow.text.split('\n')
  const usesPair = pairOf(step, 'uses')
  const keyColumn = workflow.lineCounter.linePos((usesPair?.key as Node).range?.[0] ?? 0).col - 1
  const withPair = pairOf(step, 'with')
  const existing = pairOf(withPair?.value, 'persist-credentials')
  if (existing) {
    const line = lineOfNode(workflow, existing) - 1
    lines[line] = (lines[line] ?? '').replace(/persist-credentials\s*:.*$/, 'persist-credentials: false')
  } else if (withPair && pairsOf(withPair.value).length > 0) {
    const first = pairsOf(withPair.value)[0]
    const column = workflow.lineCounter.linePos((first?.key as Node).range?.[0] ?? 0).col - 1
    lines.splice(lineOfNode(workflow, first) - 1, 0, `${' '.repeat(column)}persist-credentials: false`)
  } else if (withPair) {
    const line = lineOfNode(workflow, withPair) - 1
    lines.splice(line, 1, `${' '.repeat(keyColumn)}with:`, `${' '.repeat(keyColumn + 2)}persist-credentials: false`)
  } else {
    lines.splice(lineOfNode(workflow, usesPair), 0, `${' '.repeat(keyColumn)}with:`, `${' '.repeat(keyColumn + 2)}persist-credentials: false`)
  }
  return lines.join('\n')
}

// A later step that talks to the remote with the credentials checkout left (a push of formatted code, a tag, a
// submodule): `persist-credentials: false` would break it, so --fix leaves such a checkout to the user.
const GIT_REMOTE = /\bgit\b[^\n;&|]*?\s(?:push|pull|fetch|ls-remote|submodule)\b/
const COMMITTING_ACTIONS = /^(?:stefanzweifel\/git-auto-commit-action|EndBug\/add-and-commit)@/i

function laterStepUsesCredentials(steps: Node[], checkout: Node): boolean {
  return steps.slice(steps.indexOf(checkout) + 1).some((step) => GIT_REMOTE.test(scalarText(pairOf(step, 'run')?.value) ?? '') || COMMITTING_ACTIONS.test(stepUses(step) ?? ''))
}

export default defineRule({
  id: 'workflow-checkout-no-persist-credentials',
  description: '`actions/checkout` runs with `persist-credentials: false`',
  severity: 'error',
  refs: ['zizmor:artipacked', 'scorecard:Token-Permissions'],
  profile: 'base',
  securitySeverity: 5.9,
  docs: {
    why: 'By default actions/checkout leaves the token in .git/config, readable by every later step and by any uploaded artifact that includes the workspace.',
    fix: 'Auto-fixed: `--fix` adds `with: persist-credentials: false` to each checkout, except where the job relies on the credentials (an explicit `persist-credentials: true`, a later `git push`/`fetch`/`pull`, a committing action): there give the token to the step that pushes instead.',
    examples: { language: 'yaml', bad: 'steps:\n  - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v4.2.2', good: 'steps:\n  - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v4.2.2\n    with:\n      persist-credentials: false' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const workflow of await readWorkflows(repo)) {
      for (const job of jobsOf(workflow)) {
        for (const step of job.steps.filter(isCheckout)) {
          const persist = scalarText(pairOf(pairOf(step, 'with')?.value, 'persist-credentials')?.value)
          if (persist === 'false') continue
          // An explicit `true`, or a later push, is a choice the job depends on: reported, never flipped by --fix.
          const pushes = laterStepUsesCredentials(job.steps, step)
          const relied = persist !== undefined || pushes
          const instead = 'give the token to the step that needs it instead (`git push https://x-access-token:${GH_TOKEN}@github.com/<owner>/<repo>` with `GH_TOKEN` in its `env:`).'
          findings.push({
            file: workflow.file,
            line: lineOfNode(workflow, pairOf(step, 'uses')),
            message: `Set \`persist-credentials: false\` on actions/checkout in job ${job.id}: otherwise the token stays in .git/config for every later step (and any uploaded artifact).${pushes ? ` A later step pushes or fetches with it: ${instead}` : relied ? ` It is set to \`${persist}\` on purpose: ${instead}` : ''}`,
            ...(relied ? {} : { fix: { kind: 'write' as const, file: workflow.file, content: insertPersistCredentials(workflow, step), description: `Add persist-credentials: false to the checkout in job ${job.id} of ${workflow.file}` } }),
          })
        }
      }
    }
    return findings
  },
})
