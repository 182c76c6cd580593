import rule from '../../../src/conform/rules/drift-workflow-scheduled.js'
import { ruleTester } from '../helpers.js'

const DRIFT = 'on:\n  schedule:\n    - cron: "0 6 * * *"\n  workflow_dispatch: {}\njobs:\n  drift:\n    runs-on: x\n    steps:\n      - run: make drift\n'

ruleTester(rule, {
  valid: [{ name: 'scheduled drift job', files: { '.github/workflows/drift.yml': DRIFT } }],
  invalid: [
    { name: 'drift job not scheduled', files: { '.github/workflows/drift.yml': DRIFT.replace(/schedule:\n.*\n/, '') }, errors: [{ file: '.github/workflows/drift.yml', line: 1 }] },
    { name: 'no workflow', files: { 'a.py': '' }, errors: [{ file: '.github/workflows/drift.yml', line: 1 }] },
  ],
})
