import { defineRule, type RuleFinding } from '../rule.js'
import { jobsOf, readWorkflows } from '../parse/workflow.js'
import { lineOfNode, pairOf, scalarText } from '../parse/yaml.js'

export default defineRule({
  id: 'workflow-no-secrets-inherit',
  description: 'Reusable workflows get the secrets they need by name, never `secrets: inherit`',
  severity: 'error',
  refs: ['zizmor:secrets-inherit', 'scorecard:Token-Permissions'],
  profile: 'base',
  securitySeverity: 6.1,
  docs: {
    why: '`secrets: inherit` hands every repository and organisation secret to the called workflow.',
    fix: 'Pass only the secrets it needs: `secrets: { token: ${{ secrets.TOKEN }} }`.',
    examples: { language: 'yaml', bad: 'jobs:\n  deploy:\n    uses: ./.github/workflows/deploy.yml\n    secrets: inherit', good: 'jobs:\n  deploy:\n    uses: ./.github/workflows/deploy.yml\n    secrets:\n      DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const workflow of await readWorkflows(repo)) {
      for (const job of jobsOf(workflow)) {
        const secrets = pairOf(job.node, 'secrets')
        if (scalarText(secrets?.value) !== 'inherit') continue
        findings.push({ file: workflow.file, line: lineOfNode(workflow, secrets), message: `Job ${job.id} passes every secret with \`secrets: inherit\`: list only the secrets the called workflow needs.` })
      }
    }
    return findings
  },
})
