import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { jobLabels, readWorkflowJobs, WORKFLOW_GLOB } from '../parse/workflow.js'
import { GITLAB_CI_FILE, readGitlabJobs } from '../parse/gitlab-ci.js'

/** What CI must run, matched against job ids and names; `options.required` ({ label: regex }) replaces it. */
export const DEFAULT_REQUIRED_JOBS: Record<string, string> = {
  lint: '(^|[-_ ])lint',
  test: '(^|[-_ ])tests?($|[-_ ])',
  'secret scan': 'secret',
  'SAST or dependency audit': 'sast|audit|codeql|bandit|semgrep',
  'image scan': '(image|container)[-_ ]?scan|trivy|grype',
  conform: 'conform',
}

export default defineRule({
  id: 'workflow-required-jobs',
  description: 'CI has jobs for lint, test, secret scan, SAST or dependency audit, image scan and conform',
  severity: 'error',
  refs: ['scorecard:SAST', 'scorecard:CI-Tests'],
  profile: 'base',
  layout: true,
  docs: {
    why: 'The checks only protect the repo if CI runs them. The ids or names of the jobs in GitHub workflows (.github/workflows/*.yml) and in .gitlab-ci.yml must cover: lint, test, secret scan, SAST or dependency audit, image scan, conform. Option `required: { "label": "regex" }` replaces the list.',
    fix: 'Add the missing jobs: to .github/workflows (the python-ml template\'s ci.yml, security.yml and conform.yml have them all) or, on GitLab, to .gitlab-ci.yml (the template\'s `ci: gitlab` pipeline has them all).',
    examples: { language: 'yaml', bad: '# .github/workflows/ci.yml\njobs:\n  test: { ... }', good: '# .github/workflows/ci.yml\njobs:\n  lint: { ... }\n  test: { ... }\n  secrets: { ... }\n  sast: { ... }\n  image-scan: { ... }\n  conform: { ... }' },
  },
  async check({ repo, ci, options }) {
    const required = (options.required as Record<string, string> | undefined) ?? DEFAULT_REQUIRED_JOBS
    const labels = (await readWorkflowJobs(repo)).jobs.flatMap(({ job }) => jobLabels(job))
    // GitLab CI/CD jobs count the same (a project generated with `ci: gitlab` has no GitHub workflows).
    for (const job of await readGitlabJobs(repo)) labels.push(...[job.id, job.name].filter(Boolean))
    const findings: RuleFinding[] = []
    const gitlab = ci === 'gitlab'
    const file = gitlab ? GITLAB_CI_FILE : (repo.glob(WORKFLOW_GLOB)[0] ?? '.github/workflows/ci.yml')
    for (const [label, pattern] of Object.entries(required)) {
      const matcher = new RegExp(pattern, 'i')
      if (labels.some((name) => matcher.test(name))) continue
      const where = gitlab ? `No job in ${GITLAB_CI_FILE}` : 'No workflow job'
      findings.push({ file, ...WHOLE_FILE, message: `${where} runs ${label} (no job id or name matches /${pattern}/): add one so every push is checked.` })
    }
    return findings
  },
})
