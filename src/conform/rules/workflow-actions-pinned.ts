import type { Node } from 'yaml'
import { defineRule, type RuleFinding } from '../rule.js'
import { jobsOf, readWorkflows } from '../parse/workflow.js'
import { lineOfNode, pairOf, pairsOf, scalarText, type ParsedYaml } from '../parse/yaml.js'
import { isDigestPinned } from '../../image-reference.js'
import { lineAt } from '../parse/lines.js'

const SHA_PINNED = /^[^@\s]+@[0-9a-f]{40}$/

function checkUses(workflow: ParsedYaml, node: Node | null | undefined, findings: RuleFinding[]): void {
  const uses = scalarText(node)
  if (uses === undefined || uses.startsWith('./')) return
  const line = lineOfNode(workflow, node)
  const at = { file: workflow.file, line }
  if (uses.startsWith('docker://')) {
    if (!isDigestPinned(uses)) findings.push({ ...at, message: `Pin \`${uses}\` to a digest (\`docker://image@sha256:<digest>\`).` })
    return
  }
  if (!SHA_PINNED.test(uses)) {
    findings.push({ ...at, message: `Pin \`${uses}\` to a full 40-character commit SHA with the version as a comment (\`${uses.replace(/@.*$/, '')}@<sha> # vX.Y.Z\`): tags can be moved to malicious code.` })
    return
  }
  const text = lineAt(workflow.text, line) ?? ''
  // The forms pinning bots write: `# v4.2.2` (Dependabot, Renovate), `# tag=v3.0.2` (older Renovate), `# 4.2.2`, `#v4`.
  if (!/#.*?\bv?\d/.test(text)) findings.push({ ...at, message: `Add the version the SHA of \`${uses.replace(/@.*$/, '')}\` stands for as a comment (\`# vX.Y.Z\`), so updates can be reviewed.` })
}

function checkImage(workflow: ParsedYaml, node: Node | null | undefined, findings: RuleFinding[]): void {
  const image = scalarText(pairOf(node, 'image')?.value) ?? scalarText(node)
  const imageNode = pairOf(node, 'image')?.value ?? node
  if (image === undefined || image.includes('${{') || isDigestPinned(image)) return
  findings.push({ file: workflow.file, line: lineOfNode(workflow, imageNode), message: `Pin the job container image \`${image}\` to a digest (\`${image.replace(/@.*$/, '')}@sha256:<digest>\`).` })
}

export default defineRule({
  id: 'workflow-actions-pinned',
  description: 'Every `uses:` is pinned to a commit SHA (with a `# vX.Y.Z` comment); job containers by digest',
  severity: 'error',
  refs: ['scorecard:Pinned-Dependencies', 'zizmor:unpinned-uses'],
  profile: 'base',
  securitySeverity: 7.8,
  docs: {
    why: 'Tags of actions have been force-pushed to credential stealers (tj-actions 2025, a scanning action in 2026). Every `uses:` (steps and reusable workflows) must be a 40-hex commit SHA with a `# vX.Y.Z` comment; local `./` actions are exempt; `docker://` actions, job `container` and `services` images need a digest.',
    fix: '`uses: actions/checkout@<sha> # v4.2.2` (Dependabot and Renovate keep both up to date).',
    examples: { language: 'yaml', bad: 'steps:\n  - uses: actions/checkout@v4', good: 'steps:\n  - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v4.2.2' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const workflow of await readWorkflows(repo)) {
      for (const job of jobsOf(workflow)) {
        checkUses(workflow, pairOf(job.node, 'uses')?.value, findings)
        for (const step of job.steps) checkUses(workflow, pairOf(step, 'uses')?.value, findings)
        checkImage(workflow, pairOf(job.node, 'container')?.value, findings)
        for (const service of pairsOf(pairOf(job.node, 'services')?.value)) checkImage(workflow, service.value, findings)
      }
    }
    return findings
  },
})
