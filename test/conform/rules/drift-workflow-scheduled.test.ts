import rule from '../../../src/conform/rules/drift-workflow-scheduled.js'
import { ruleTester } from '../helpers.js'

const GITLAB = 'stages: [monitor]\ndrift:\n  stage: monitor\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "schedule"\n  script:\n    - make drift\n'
const DRIFT = 'on:\n  schedule:\n    - cron: "0 6 * * *"\n  workflow_dispatch: {}\njobs:\n  drift:\n    runs-on: x\n    steps:\n      - run: make drift\n'

ruleTester(rule, {
  valid: [
    { name: 'scheduled drift job', files: { '.github/workflows/drift.yml': DRIFT } },
    { name: 'GitLab drift job in scheduled pipelines', files: { '.gitlab-ci.yml': GITLAB } },
  ],
  invalid: [
    { name: 'drift job not scheduled', files: { '.github/workflows/drift.yml': DRIFT.replace(/schedule:\n.*\n/, '') }, errors: [{ file: '.github/workflows/drift.yml', line: 1 }] },
    { name: 'GitLab drift job on every push', files: { '.gitlab-ci.yml': GITLAB.replace(/  rules:\n.*\n/, '') }, errors: [{ file: '.gitlab-ci.yml', line: 1 }] },
    { name: 'no workflow', files: { 'a.py': '' }, errors: [{ file: '.github/workflows/drift.yml', line: 1 }] },
  ],
})
