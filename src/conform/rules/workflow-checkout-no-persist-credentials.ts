import type { Node } from 'yaml'
import { defineRule, type RuleFinding } from '../rule.js'
import { isCheckout, jobsOf, readWorkflows } from '../parse/workflow.js'
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

export default defineRule({
  id: 'workflow-checkout-no-persist-credentials',
  description: '`actions/checkout` runs with `persist-credentials: false`',
  severity: 'error',
  refs: ['zizmor:artipacked', 'scorecard:Token-Permissions'],
  profile: 'base',
  securitySeverity: 5.9,
  docs: {
    why: 'By default actions/checkout leaves the token in .git/config, readable by every later step and by any uploaded artifact that includes the workspace.',
    fix: 'Auto-fixed: `--fix` adds `with: persist-credentials: false` to each checkout.',
    examples: { language: 'yaml', bad: 'steps:\n  - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v4.2.2', good: 'steps:\n  - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v4.2.2\n    with:\n      persist-credentials: false' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const workflow of await readWorkflows(repo)) {
      for (const job of jobsOf(workflow)) {
        for (const step of job.steps.filter(isCheckout)) {
          const persist = pairOf(pairOf(step, 'with')?.value, 'persist-credentials')
          if (scalarText(persist?.value) === 'false') continue
          findings.push({
            file: workflow.file,
            line: lineOfNode(workflow, pairOf(step, 'uses')),
            message: `Set \`persist-credentials: false\` on actions/checkout in job ${job.id}: otherwise the token stays in .git/config for every later step (and any uploaded artifact).`,
            fix: { kind: 'write', file: workflow.file, content: insertPersistCredentials(workflow, step), description: `Add persist-credentials: false to the checkout in job ${job.id} of ${workflow.file}` },
          })
        }
      }
    }
    return findings
  },
})
