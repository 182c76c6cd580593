import { defineRule, WHOLE_FILE } from '../rule.js'
import { readWorkflowJobs } from '../parse/workflow.js'
import { GITLAB_CI_FILE, readGitlabJobs } from '../parse/gitlab-ci.js'

export default defineRule({
  id: 'drift-workflow-scheduled',
  description: 'A scheduled workflow or GitLab pipeline runs the drift monitor (a job named drift)',
  severity: 'error',
  refs: ['MLOpsStacks:monitoring', 'Evidently:scheduled-reports'],
  profile: 'ml',
  layout: true,
  docs: {
    why: 'Drift has to be checked on a schedule, not only when someone remembers: a GitHub workflow with `on: schedule`, or a .gitlab-ci.yml job with a rule `if: $CI_PIPELINE_SOURCE == "schedule"` (or `only: [schedules]`), whose id contains `drift`.',
    fix: 'Add .github/workflows/drift.yml with `on: schedule` and a job `drift` that runs `make drift`; on GitLab, a job `drift` in .gitlab-ci.yml with `rules: [{ if: $CI_PIPELINE_SOURCE == "schedule" }]` that runs `make drift`, and a pipeline schedule (Build > Pipeline schedules).',
    examples: { language: 'yaml', bad: '# .github/workflows/drift.yml\non: workflow_dispatch\njobs:\n  drift:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make drift', good: '# .github/workflows/drift.yml\non:\n  schedule:\n    - cron: "0 6 * * *"\njobs:\n  drift:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make drift' },
  },
  async check({ repo, ci }) {
    const { workflows: scheduled, jobs } = await readWorkflowJobs(repo, ['schedule'])
    if (jobs.some(({ job }) => /drift/i.test(job.id))) return []
    // Or a GitLab job `drift` with a rule `if: $CI_PIPELINE_SOURCE == "schedule"`.
    if ((await readGitlabJobs(repo)).some((job) => job.scheduled && /drift/i.test(job.id))) return []
    if (ci === 'gitlab') {
      return [{ file: GITLAB_CI_FILE, ...WHOLE_FILE, message: `No job in ${GITLAB_CI_FILE} runs drift in scheduled pipelines: add a job \`drift\` with \`rules: [{ if: $CI_PIPELINE_SOURCE == "schedule" }]\` that runs \`make drift\`, and a pipeline schedule for the project.` }]
    }
    const file = scheduled[0]?.file ?? '.github/workflows/drift.yml'
    return [{ file, ...WHOLE_FILE, message: 'No scheduled workflow runs a drift job: add .github/workflows/drift.yml with `on: schedule` and a `drift` job that runs `make drift`.' }]
  },
})
