import rule from '../../../src/conform/rules/workflow-permissions.js'
import { ruleTester } from '../helpers.js'

const FILE = '.github/workflows/ci.yml'
const JOBS = 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n'

ruleTester(rule, {
  valid: [
    { name: 'empty top-level, job-level write', files: { [FILE]: `on: push\npermissions: {}\n${JOBS.replace('runs-on', 'permissions:\n      security-events: write\n    runs-on')}` } },
    { name: 'read-only top level', files: { [FILE]: `on: push\npermissions:\n  contents: read\n${JOBS}` } },
  ],
  invalid: [
    {
      name: 'missing permissions (fixed)',
      files: { [FILE]: `name: ci\non: push\n\n${JOBS}` },
      errors: [{ file: FILE, line: 1 }],
      output: { [FILE]: `name: ci\non: push\n\npermissions: {}\n\n${JOBS}` },
    },
    { name: 'write-all top level and job level', files: { [FILE]: `on: push\npermissions: write-all\njobs:\n  a:\n    permissions: write-all\n    runs-on: x\n` }, errors: [{ file: FILE, line: 2 }, { file: FILE, line: 5 }] },
    { name: 'a write scope at top level', files: { [FILE]: `on: push\npermissions:\n  contents: write\n${JOBS}` }, errors: [{ file: FILE, line: 2 }] },
  ],
})
