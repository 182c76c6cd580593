import { defineRule } from '../rule.js'
import { jobsOf, readWorkflows, triggersOf } from '../parse/workflow.js'
import { GITLAB_CI_FILE, readGitlabJobs } from '../parse/gitlab-ci.js'

export default defineRule({
  id: 'drift-workflow-scheduled',
  description: 'A scheduled workflow runs the drift monitor (a job named drift)',
  severity: 'error',
  refs: ['MLOpsStacks:monitoring', 'Evidently:scheduled-reports'],
  profile: 'ml',
  layout: true,
  docs: {
    why: 'Drift has to be checked on a schedule, not only when someone remembers.',
    fix: 'Add .github/workflows/drift.yml with `on: schedule` and a job `drift` that runs `make drift`.',
  },
  async check({ repo }) {
    const workflows = await readWorkflows(repo)
    const scheduled = workflows.filter((workflow) => triggersOf(workflow).includes('schedule'))
    if (scheduled.some((workflow) => jobsOf(workflow).some((job) => /drift/i.test(job.id)))) return []
    // Or a GitLab job `drift` with a rule `if: $CI_PIPELINE_SOURCE == "schedule"`.
    if ((await readGitlabJobs(repo))?.jobs.some((job) => job.scheduled && /drift/i.test(job.id))) return []
    const file = scheduled[0]?.file ?? (repo.has(GITLAB_CI_FILE) ? GITLAB_CI_FILE : '.github/workflows/drift.yml')
    return [{ file, line: 1, message: 'No scheduled workflow runs a drift job: add .github/workflows/drift.yml with `on: schedule` and a `drift` job that runs `make drift`.' }]
  },
})
