import { parse as parseYaml } from 'yaml'

/** A step of a GitHub Actions job, as far as these checks need it. */
export interface WorkflowStep {
  uses?: string
  run?: string
  with?: Record<string, unknown>
}

interface Workflow {
  on?: unknown
  permissions?: unknown
  jobs?: Record<string, { permissions?: unknown; steps?: WorkflowStep[]; secrets?: unknown }>
}

// `uses: owner/repo[/path]@<40 hex> # vX.Y.Z` (REFERENCE section 2: pinned, with the version it is).
const PINNED_USES = /^\s*(?:-\s+)?uses:\s+[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+\s*$/
const READ_ONLY = new Set(['read', 'none'])

function readWorkflow(content: string): Workflow {
  return parseYaml(content) as Workflow
}

/** Every step of every job, in order. */
export function workflowSteps(content: string): WorkflowStep[] {
  return Object.values(readWorkflow(content).jobs ?? {}).flatMap((job) => job.steps ?? [])
}

/**
 * The `run:` scripts as bash files for shellcheck: GitHub expressions become a quoted variable,
 * the way they reach the shell once the runner has substituted them.
 */
export function shellScripts(content: string): string[] {
  return workflowSteps(content)
    .flatMap((step) => (step.run ? [step.run] : []))
    .map((script) => `#!/usr/bin/env bash\nset -euo pipefail\n${script.replace(/\$\{\{[^}]*\}\}/g, '"$GITHUB_EXPRESSION"')}\n`)
}

function isReadOnly(permissions: unknown): boolean {
  if (permissions === 'read-all') return true
  if (permissions === null || typeof permissions !== 'object') return false
  return Object.values(permissions).every((level) => READ_ONLY.has(String(level)))
}

/** Problems with the hardening policy of one workflow file; empty when it complies. */
export function workflowPolicyProblems(file: string, content: string): string[] {
  const problems: string[] = []
  const workflow = readWorkflow(content)
  if (!isReadOnly(workflow.permissions)) problems.push(`${file}: top-level permissions must be {} or read-only`)
  content.split('\n').forEach((line, index) => {
    if (/^\s*(?:-\s+)?uses:/.test(line) && !PINNED_USES.test(line)) problems.push(`${file}:${index + 1}: unpinned ${line.trim()}`)
  })
  const triggers = JSON.stringify(workflow.on ?? '')
  if (/pull_request_target|workflow_run/.test(triggers)) problems.push(`${file}: dangerous trigger`)
  for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
    if (job.secrets === 'inherit') problems.push(`${file}: job ${id} inherits secrets`)
    for (const step of job.steps ?? []) {
      if (step.uses?.startsWith('actions/checkout@') && step.with?.['persist-credentials'] !== false) {
        problems.push(`${file}: job ${id} checks out without persist-credentials: false`)
      }
      if (step.run && /\$\{\{\s*github\.event\./.test(step.run)) problems.push(`${file}: job ${id} interpolates github.event in run`)
      if (step.uses?.startsWith('gitleaks/gitleaks-action')) problems.push(`${file}: run the gitleaks binary, not gitleaks-action`)
    }
  }
  return problems
}

/**
 * Problems with a promote workflow: it must run in the `production` environment, write only
 * contents and pull requests, and open or update a pull request instead of pushing to the branch.
 */
export function promoteProblems(content: string): string[] {
  const workflow = readWorkflow(content) as Workflow & { jobs?: Record<string, { environment?: unknown }> }
  const problems: string[] = []
  for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
    if (job.environment !== 'production') problems.push(`job ${id} does not run in the production environment`)
    const granted = JSON.stringify(job.permissions ?? {})
    if (granted !== JSON.stringify({ contents: 'write', 'pull-requests': 'write' })) problems.push(`job ${id} permissions ${granted}`)
  }
  const script = workflowSteps(content).map((step) => step.run ?? '').join('\n')
  if (/GITHUB_REF_NAME|HEAD:\$\{?BASE/.test(script)) problems.push('pushes to the branch it runs on')
  if (!/git push --force "\$remote" "HEAD:refs\/heads\/\$\{branch\}"/.test(script)) problems.push('does not push its own promote branch')
  if (!/gh pr list --head "\$branch"/.test(script) || !/gh pr edit/.test(script) || !/gh pr create --base "\$BASE"/.test(script)) {
    problems.push('does not open or update one pull request with gh')
  }
  return problems
}
