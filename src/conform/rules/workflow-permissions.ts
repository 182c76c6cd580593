import type { Node } from 'yaml'
import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { jobsOf, readWorkflows } from '../parse/workflow.js'
import { lineOfNode, pairOf, pairsOf, scalarText, type ParsedYaml } from '../parse/yaml.js'

// Writes a job may need; top level must grant none of them (jobs ask for what they need).
function writeScopes(node: Node | null | undefined): string[] {
  const shorthand = scalarText(node)
  if (shorthand !== undefined) return shorthand === 'write-all' ? ['write-all'] : []
  return pairsOf(node).filter((pair) => scalarText(pair.value) === 'write').map((pair) => scalarText(pair.key) ?? '')
}

// Inserts `permissions: {}` above the top-level `jobs:` key (or at the end), keeping the rest byte for byte.
function addTopLevelPermissions(workflow: ParsedYaml): string {
  const lines = workflow.text.split('\n')
  const jobsLine = lines.findIndex((line) => /^jobs\s*:/.test(line))
  if (jobsLine === -1) return `${workflow.text}${workflow.text.endsWith('\n') ? '' : '\n'}permissions: {}\n`
  lines.splice(jobsLine, 0, 'permissions: {}', '')
  return lines.join('\n')
}

export default defineRule({
  id: 'workflow-permissions',
  description: 'Workflows declare top-level `permissions` granting no writes; jobs never use `write-all`',
  severity: 'error',
  refs: ['scorecard:Token-Permissions', 'zizmor:excessive-permissions'],
  profile: 'base',
  securitySeverity: 6.5,
  docs: {
    why: 'Without top-level `permissions` the GITHUB_TOKEN may have write access to the whole repository. Top level must grant no writes (`{}` or read scopes); no job may use `write-all`.',
    fix: 'Give each job the scopes it uses (`contents: read` to check out, `security-events: write` for SARIF upload), then add `permissions: {}` at the top. Auto-fixed once every job declares its own: `--fix` adds `permissions: {}` above `jobs:` (before that, it would take the token from jobs that use it).',
    examples: { language: 'yaml', bad: 'on: push\npermissions: write-all\njobs: { ... }', good: 'on: push\npermissions: {}\njobs:\n  scan:\n    permissions:\n      security-events: write' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const workflow of await readWorkflows(repo)) {
      const top = pairOf(workflow.root, 'permissions')
      if (!top) {
        // `permissions: {}` changes nothing for a job that declares its own; a job that declares none would lose the
        // token it uses (a private checkout, a comment), so then the fix is the user's to make, job by job.
        const undeclared = jobsOf(workflow).filter((job) => pairOf(job.node, 'permissions') === undefined)
        findings.push({
          file: workflow.file,
          ...WHOLE_FILE,
          message: `Add top-level \`permissions: {}\` (or read-only scopes) and grant writes per job: the default token can write to the repository.${undeclared.length > 0 ? ' First give each job that declares none the scopes it uses (`contents: read` to check out).' : ''}`,
          ...(undeclared.length === 0 ? { fix: { kind: 'write' as const, file: workflow.file, content: addTopLevelPermissions(workflow), description: `Add top-level permissions: {} to ${workflow.file}` } } : {}),
        })
      } else if (writeScopes(top.value).length > 0) {
        findings.push({ file: workflow.file, line: lineOfNode(workflow, top), message: `Top-level permissions grant ${writeScopes(top.value).join(', ')}: make them read-only and grant writes only to the jobs that need them.` })
      }
      for (const job of jobsOf(workflow)) {
        const permissions = pairOf(job.node, 'permissions')
        if (permissions && scalarText(permissions.value) === 'write-all') {
          findings.push({ file: workflow.file, line: lineOfNode(workflow, permissions), message: `Job ${job.id} uses \`permissions: write-all\`: list only the scopes it needs.` })
        }
      }
    }
    return findings
  },
})
