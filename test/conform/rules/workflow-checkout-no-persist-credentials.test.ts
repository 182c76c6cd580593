import rule from '../../../src/conform/rules/workflow-checkout-no-persist-credentials.js'
import { SHA, ruleTester } from '../helpers.js'

const FILE = '.github/workflows/ci.yml'
const head = 'on: push\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n'
const PUSHING = `${head}      - uses: actions/checkout@${SHA} # v4\n        with:\n          persist-credentials: true\n  format:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@${SHA} # v4\n      - run: make format\n      - run: git commit -am format && git push origin HEAD\n`

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
      name: 'two jobs (fixed in two passes)',
      files: { [FILE]: `${head}      - uses: actions/checkout@${SHA} # v4\n  lint:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@${SHA} # v4\n` },
      errors: [{ file: FILE, line: 7 }, { file: FILE, line: 11 }],
      output: { [FILE]: `${head}      - uses: actions/checkout@${SHA} # v4\n        with:\n          persist-credentials: false\n  lint:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@${SHA} # v4\n        with:\n          persist-credentials: false\n` },
    },
    {
      // The job depends on the credentials: flipping them would break its push, so the user decides.
      name: 'an explicit true, and a later git push (not fixed)',
      files: { [FILE]: PUSHING },
      errors: [
        { file: FILE, line: 7, message: /It is set to `true` on purpose: give the token to the step that needs it instead/ },
        { file: FILE, line: 13, message: /A later step pushes or fetches with it: give the token/ },
      ],
      output: { [FILE]: PUSHING },
      unfixed: true,
    },
  ],
})
