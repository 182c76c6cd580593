import rule from '../../../src/conform/rules/workflow-no-pull-request-target.js'
import { SHA, ruleTester } from '../helpers.js'

const FILE = '.github/workflows/pr.yml'
const steps = (ref: string) => `jobs:\n  build:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@${SHA} # v4\n        with:\n          ref: ${ref}\n      - run: make test\n`

ruleTester(rule, {
  valid: [
    { name: 'pull_request may build PR code', files: { [FILE]: `on: pull_request\n${steps('${{ github.event.pull_request.head.sha }}')}` } },
    { name: 'pull_request_target on the base ref', files: { [FILE]: `on: pull_request_target\n${steps('main')}` } },
  ],
  invalid: [
    { name: 'pull_request_target checks out the head', files: { [FILE]: `on:\n  pull_request_target:\n    types: [opened]\n${steps('${{ github.event.pull_request.head.sha }}')}` }, errors: [{ file: FILE, line: 10 }] },
    { name: 'workflow_run checks out the head branch', files: { [FILE]: `on: [workflow_run]\n${steps('${{ github.event.workflow_run.head_branch }}')}` }, errors: [{ file: FILE, line: 8 }] },
  ],
})
