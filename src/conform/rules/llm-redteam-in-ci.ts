import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { isLlmProject } from '../parse/llm-project.js'
import { jobLabels, readWorkflowJobs, WORKFLOW_GLOB, type WorkflowJob } from '../parse/workflow.js'
import { lineOfNode, pairOf, scalarText } from '../parse/yaml.js'
import { GITLAB_CI_FILE, readGitlabJobs } from '../parse/gitlab-ci.js'

const CHANGE_EVENTS = ['push', 'pull_request']
const REDTEAM_JOB = /red[-_ ]?team/i
// `make redteam` (flags allowed before the target) or pytest pointed at tests/redteam.
const REDTEAM_RUN = /\bmake\s+(?:-\S+\s+)*redteam\b|\bpytest\b[^\n]*\btests\/redteam\b/
const DEFAULT_SUITE = 'tests/redteam/**/test_*.py'

/** Whether a job runs the red-team suite, by its id, its name or one of its run steps. */
function runsRedteam(job: WorkflowJob): boolean {
  if (jobLabels(job).some((label) => REDTEAM_JOB.test(label))) return true
  return job.steps.some((step) => REDTEAM_RUN.test(scalarText(pairOf(step, 'run')?.value) ?? ''))
}

export default defineRule({
  id: 'llm-redteam-in-ci',
  description: 'A CI job runs the red-team suite (jailbreaks, prompt injection, personal-data leaks) on every push or pull request',
  severity: 'error',
  refs: ['OWASP-LLM:LLM01', 'OWASP-LLM:LLM02', 'scorecard:CI-Tests'],
  profile: 'llm',
  securitySeverity: 5.0,
  docs: {
    why: 'Guardrails regress silently when prompts, retrieval or models change (OWASP LLM01 prompt injection, LLM02 sensitive information disclosure). A workflow triggered by `push` or `pull_request` must have a job whose id or name contains `redteam`/`red-team`, or a step running `make redteam` or `pytest ... tests/redteam`; the job must not set `continue-on-error: true`. On GitLab, a .gitlab-ci.yml job that runs in push or merge request pipelines (not only in scheduled ones) counts the same way, and must not set `allow_failure: true`. The suite (`tests/redteam/**/test_*.py`, option `suite: "glob"`) must exist.',
    fix: 'Add a `redteam` job that runs `make redteam` to .github/workflows/ci.yml (on GitLab, to .gitlab-ci.yml), with tests under tests/redteam/.',
    examples: { language: 'yaml', bad: '# .github/workflows/ci.yml\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test', good: '# .github/workflows/ci.yml\non: push\njobs:\n  redteam:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make redteam' },
  },
  async check({ repo, project, ci, options }) {
    if (!isLlmProject(repo, project.record)) return []
    const suite = typeof options.suite === 'string' ? options.suite : DEFAULT_SUITE
    const { workflows, jobs } = await readWorkflowJobs(repo, CHANGE_EVENTS)
    const runs = jobs.filter(({ job }) => runsRedteam(job))
    // GitLab CI/CD: a job of the push / merge request pipeline, by id, name or script line.
    const gitlab = (await readGitlabJobs(repo)).filter((job) => job.onChange && (REDTEAM_JOB.test(job.id) || REDTEAM_JOB.test(job.name) || job.scripts.some((line) => REDTEAM_RUN.test(line))))
    if (runs.length === 0 && gitlab.length === 0) {
      if (ci === 'gitlab') {
        return [{ file: GITLAB_CI_FILE, ...WHOLE_FILE, message: `No job of ${GITLAB_CI_FILE} that runs on push or merge requests is a red-team job: add a job \`redteam\` that runs \`make redteam\` (pytest tests/redteam), without schedule-only \`rules\`, so jailbreak and prompt-injection regressions fail the pipeline.` }]
      }
      const file = workflows[0]?.file ?? repo.glob(WORKFLOW_GLOB)[0] ?? '.github/workflows/ci.yml'
      return [{ file, ...WHOLE_FILE, message: 'No workflow run on push or pull_request has a red-team job: add a job `redteam` to .github/workflows/ci.yml that runs `make redteam` (pytest tests/redteam), so jailbreak and prompt-injection regressions fail CI.' }]
    }
    const findings: RuleFinding[] = []
    for (const { workflow, job } of runs) {
      // A job that may fail without failing the run does not gate anything.
      const lenient = pairOf(job.node, 'continue-on-error')
      if (scalarText(lenient?.value) === 'true') {
        findings.push({ file: workflow.file, line: lineOfNode(workflow, lenient), message: `Job \`${job.id}\` in ${workflow.file} runs the red-team suite with \`continue-on-error: true\`, so a successful attack does not fail CI: remove it.` })
      }
    }
    for (const job of gitlab.filter((candidate) => candidate.allowFailure)) {
      findings.push({ file: GITLAB_CI_FILE, line: job.line, message: `Job \`${job.id}\` in ${GITLAB_CI_FILE} runs the red-team suite with \`allow_failure: true\`, so a successful attack does not fail CI: remove it.` })
    }
    if (repo.glob(suite).length === 0) {
      const first = runs[0]
      const gitlabFirst = gitlab[0]
      if (!first && gitlabFirst) findings.push({ file: GITLAB_CI_FILE, line: gitlabFirst.line, message: `Job \`${gitlabFirst.id}\` runs the red-team suite, but no test matches ${suite}: add jailbreak, prompt-injection and personal-data leak tests there.` })
      if (first) findings.push({ file: first.workflow.file, line: lineOfNode(first.workflow, first.job.pair), message: `Job \`${first.job.id}\` runs the red-team suite, but no test matches ${suite}: add jailbreak, prompt-injection and personal-data leak tests there.` })
    }
    return findings
  },
})
