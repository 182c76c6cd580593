import rule from '../../../src/conform/rules/workflow-permissions.js'
import { ruleTester } from '../helpers.js'

const FILE = '.github/workflows/ci.yml'
const JOBS = 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n'
const DECLARED = 'jobs:\n  lint:\n    permissions:\n      contents: read\n    runs-on: ubuntu-latest\n    steps:\n      - run: make lint\n'

ruleTester(rule, {
  valid: [
    { name: 'empty top-level, job-level write', files: { [FILE]: `on: push\npermissions: {}\n${JOBS.replace('runs-on', 'permissions:\n      security-events: write\n    runs-on')}` } },
    { name: 'read-only top level', files: { [FILE]: `on: push\npermissions:\n  contents: read\n${JOBS}` } },
  ],
  invalid: [
    {
      name: 'missing permissions, every job declares its own (fixed)',
      files: { [FILE]: `name: ci\non: push\n\n${DECLARED}` },
      errors: [{ file: FILE, line: 1, message: /write to the repository\.$/ }],
      output: { [FILE]: `name: ci\non: push\n\npermissions: {}\n\n${DECLARED}` },
    },
    {
      // Top-level `permissions: {}` would take the token from `test`, which may check out a private repository.
      name: 'missing permissions, a job declares none (not fixed)',
      files: { [FILE]: `name: ci\non: push\n\n${DECLARED}${JOBS.replace('jobs:\n', '')}` },
      errors: [{ file: FILE, line: 1, message: /First give each job that declares none the scopes it uses/ }],
      output: { [FILE]: `name: ci\non: push\n\n${DECLARED}${JOBS.replace('jobs:\n', '')}` },
      unfixed: true,
    },
    { name: 'write-all top level and job level', files: { [FILE]: `on: push\npermissions: write-all\njobs:\n  a:\n    permissions: write-all\n    runs-on: x\n` }, errors: [{ file: FILE, line: 2 }, { file: FILE, line: 5 }] },
    { name: 'a write scope at top level', files: { [FILE]: `on: push\npermissions:\n  contents: write\n${JOBS}` }, errors: [{ file: FILE, line: 2 }] },
  ],
})
