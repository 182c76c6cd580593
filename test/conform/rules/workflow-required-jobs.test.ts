import rule from '../../../src/conform/rules/workflow-required-jobs.js'
import { ruleTester } from '../helpers.js'

const job = (id: string) => `  ${id}:\n    runs-on: x\n    steps:\n      - run: make ${id}\n`
const CI = `on: push\njobs:\n${job('lint')}${job('test')}${job('image')}`
const SECURITY = `on: push\njobs:\n${job('secret-scan')}${job('dependency-audit')}${job('image-scan')}`
const CONFORM = `on: push\njobs:\n${job('conform')}`

ruleTester(rule, {
  valid: [
    { name: 'the generated layout', files: { '.github/workflows/ci.yml': CI, '.github/workflows/security.yml': SECURITY, '.github/workflows/conform.yml': CONFORM } },
    {
      name: 'GitLab jobs (extends resolved, hidden templates ignored)',
      files: { '.gitlab-ci.yml': ['.python:\n  script: [make]\n', ...['lint', 'test', 'secret-detection', 'sast', 'container-scanning', 'conform'].map((id) => `${id}:\n  extends: .python\n`)].join('') },
    },
    { name: 'custom requirements', files: { '.github/workflows/ci.yml': `on: push\njobs:\n${job('build')}` }, options: { required: { build: '^build$' } } },
  ],
  invalid: [
    { name: 'no workflows', files: { 'a.py': '' }, errors: Array.from({ length: 6 }, () => ({ file: '.github/workflows/ci.yml', line: 1, message: /^No workflow job runs / })) },
    {
      name: 'GitLab pipeline without scans and conform',
      files: { '.gitlab-ci.yml': 'lint:\n  script: [make lint]\ntest:\n  script: [make test]\n' },
      errors: Array.from({ length: 4 }, () => ({ file: '.gitlab-ci.yml', line: 1, message: /^No job in \.gitlab-ci\.yml runs (secret scan|SAST|image scan|conform)/ })),
    },
    {
      name: 'missing secret scan and conform (matched by name too)',
      files: { '.github/workflows/ci.yml': `${CI}  audit:\n    name: SAST\n    runs-on: x\n  trivy:\n    runs-on: x\n` },
      errors: [{ file: '.github/workflows/ci.yml', line: 1 }, { file: '.github/workflows/ci.yml', line: 1 }],
    },
  ],
})
