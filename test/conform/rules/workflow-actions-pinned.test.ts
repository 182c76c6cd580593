import rule from '../../../src/conform/rules/workflow-actions-pinned.js'
import { DIGEST, SHA, ruleTester } from '../helpers.js'

const FILE = '.github/workflows/ci.yml'
const job = (steps: string, extra = '') => `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n${extra}    steps:\n${steps}`

ruleTester(rule, {
  valid: [
    {
      name: 'SHA with version comment, local action, docker digest, pinned container',
      files: { [FILE]: job(`      - uses: actions/checkout@${SHA} # v4.2.2\n      - uses: ./.github/actions/setup\n      - uses: docker://alpine@${DIGEST}\n`, `    container: python@${DIGEST}\n`) },
    },
    {
      name: 'the version comments pinning bots write: older Renovate tag=, bare numbers, no space',
      files: { [FILE]: job(`      - uses: actions/checkout@${SHA} # tag=v3.0.2\n      - uses: actions/setup-python@${SHA} # 5.1.0\n      - uses: actions/cache@${SHA} #v4\n`) },
    },
  ],
  invalid: [
    {
      name: 'tag, SHA without comment, docker tag, reusable workflow by branch, unpinned service',
      files: {
        [FILE]: `on: push\njobs:\n  call:\n    uses: org/repo/.github/workflows/x.yml@main\n  build:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: postgres:16\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@${SHA}\n      - uses: docker://alpine:3\n      - uses: actions/cache@${SHA} # pinned by hand\n`,
      },
      errors: [
        { file: FILE, line: 4 },
        { file: FILE, line: 11 },
        { file: FILE, line: 12 },
        { file: FILE, line: 13 },
        { file: FILE, line: 14 },
        { file: FILE, line: 9 },
      ],
    },
  ],
})
