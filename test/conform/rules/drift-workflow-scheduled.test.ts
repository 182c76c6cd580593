import rule from '../../../src/conform/rules/drift-workflow-scheduled.js'
import { ruleTester } from '../helpers.js'

const GITLAB = 'stages: [monitor]\ndrift:\n  stage: monitor\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "schedule"\n  script:\n    - make drift\n'
const DRIFT = 'on:\n  schedule:\n    - cron: "0 6 * * *"\n  workflow_dispatch: {}\njobs:\n  drift:\n    runs-on: x\n    steps:\n      - run: make drift\n'

// A GitLab-only repository is told about .gitlab-ci.yml and scheduled pipelines, never about .github/.
const GITLAB_MESSAGE = /^No job in \.gitlab-ci\.yml runs drift in scheduled pipelines: .*\$CI_PIPELINE_SOURCE == "schedule".*make drift/
const GITHUB_MESSAGE = /^No scheduled workflow runs a drift job: add \.github\/workflows\/drift\.yml/

ruleTester(rule, {
  valid: [
    { name: 'scheduled drift job', files: { '.github/workflows/drift.yml': DRIFT } },
    { name: 'GitLab drift job in scheduled pipelines', files: { '.gitlab-ci.yml': GITLAB } },
  ],
  invalid: [
    { name: 'drift job not scheduled', files: { '.github/workflows/drift.yml': DRIFT.replace(/schedule:\n.*\n/, '') }, errors: [{ file: '.github/workflows/drift.yml', line: 1 }] },
    { name: 'GitLab drift job on every push', files: { '.gitlab-ci.yml': GITLAB.replace(/  rules:\n.*\n/, '') }, errors: [{ file: '.gitlab-ci.yml', line: 1, message: GITLAB_MESSAGE }] },
    { name: 'ci: gitlab project without .gitlab-ci.yml', files: { '.opsmith.json': JSON.stringify({ template: { id: 'python-ml', version: '0.1.0' }, answers: { ci: 'gitlab' }, files: {} }) }, errors: [{ file: '.gitlab-ci.yml', line: 1, message: GITLAB_MESSAGE }] },
    { name: 'GitHub and GitLab, neither scheduled', files: { '.github/workflows/drift.yml': DRIFT.replace(/schedule:\n.*\n/, ''), '.gitlab-ci.yml': GITLAB.replace(/  rules:\n.*\n/, '') }, errors: [{ file: '.github/workflows/drift.yml', line: 1, message: GITHUB_MESSAGE }] },
    { name: 'no workflow', files: { 'a.py': '' }, errors: [{ file: '.github/workflows/drift.yml', line: 1, message: GITHUB_MESSAGE }] },
  ],
})
