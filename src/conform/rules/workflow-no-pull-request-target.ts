import { defineRule, type RuleFinding } from '../rule.js'
import { isCheckout, jobsOf, readWorkflows, triggersOf } from '../parse/workflow.js'
import { lineOfNode, pairOf, scalarText } from '../parse/yaml.js'

// Triggers that run with secrets and a write token even for a fork's pull request.
const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run']
const PR_CODE = /github\.event\.(pull_request\.head|workflow_run\.head)|github\.head_ref|refs\/pull\//

export default defineRule({
  id: 'workflow-no-pull-request-target',
  description: 'No `pull_request_target` / `workflow_run` workflow checks out and runs pull-request code',
  severity: 'error',
  refs: ['scorecard:Dangerous-Workflow', 'zizmor:dangerous-triggers'],
  profile: 'base',
  securitySeverity: 8.8,
  docs: {
    why: '`pull_request_target` and `workflow_run` run with secrets and a write token even for forks; checking out the PR head there runs attacker code with those rights.',
    fix: 'Build PR code under `pull_request`; keep privileged workflows on the base ref.',
    examples: { language: 'yaml', bad: 'on: pull_request_target\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v4.2.2\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: make test', good: 'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v4.2.2\n      - run: make test' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const workflow of await readWorkflows(repo)) {
      const trigger = triggersOf(workflow).find((name) => PRIVILEGED_TRIGGERS.includes(name))
      if (!trigger) continue
      for (const job of jobsOf(workflow)) {
        for (const step of job.steps.filter(isCheckout)) {
          const ref = pairOf(pairOf(step, 'with')?.value, 'ref')
          if (!PR_CODE.test(scalarText(ref?.value) ?? '')) continue
          findings.push({
            file: workflow.file,
            line: lineOfNode(workflow, ref),
            message: `Job ${job.id} checks out pull-request code in a \`${trigger}\` workflow, which runs with secrets and a write token: use \`pull_request\` for building PR code, or never execute the checked-out code.`,
          })
        }
      }
    }
    return findings
  },
})
