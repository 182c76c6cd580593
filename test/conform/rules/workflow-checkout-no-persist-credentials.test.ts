import rule from '../../../src/conform/rules/workflow-checkout-no-persist-credentials.js'
import { SHA, ruleTester } from '../helpers.js'

const FILE = '.github/workflows/ci.yml'
const head = 'on: push\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n'

ruleTester(rule, {
  valid: [{ name: 'persist-credentials false', files: { [FILE]: `${head}      - uses: actions/checkout@${SHA} # v4\n        with:\n          persist-credentials: false\n` } }],
  invalid: [
    {
      name: 'no with (fixed)',
      files: { [FILE]: `${head}      - name: Check out\n        uses: actions/checkout@${SHA} # v4\n      - run: make test\n` },
      errors: [{ file: FILE, line: 8 }],
      output: { [FILE]: `${head}      - name: Check out\n        uses: actions/checkout@${SHA} # v4\n        with:\n          persist-credentials: false\n      - run: make test\n` },
    },
    {
      name: 'with other inputs (fixed)',
      files: { [FILE]: `${head}      - uses: actions/checkout@${SHA} # v4\n        with:\n          fetch-depth: 0\n` },
      errors: [{ file: FILE, line: 7 }],
      output: { [FILE]: `${head}      - uses: actions/checkout@${SHA} # v4\n        with:\n          persist-credentials: false\n          fetch-depth: 0\n` },
    },
    {
      name: 'persist-credentials true, two jobs (fixed in two passes)',
      files: { [FILE]: `${head}      - uses: actions/checkout@${SHA} # v4\n        with:\n          persist-credentials: true\n  lint:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@${SHA} # v4\n` },
      errors: [{ file: FILE, line: 7 }, { file: FILE, line: 13 }],
      output: { [FILE]: `${head}      - uses: actions/checkout@${SHA} # v4\n        with:\n          persist-credentials: false\n  lint:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@${SHA} # v4\n        with:\n          persist-credentials: false\n` },
    },
  ],
})
