import rule from '../../../src/conform/rules/workflow-no-untrusted-interpolation.js'
import { SHA, ruleTester } from '../helpers.js'

const FILE = '.github/workflows/triage.yml'
const head = 'on: issues\npermissions: {}\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n'

ruleTester(rule, {
  valid: [
    { name: 'through env', files: { [FILE]: `${head}      - env:\n          TITLE: \${{ github.event.issue.title }}\n        run: echo "$TITLE" \${{ github.event_name }} \${{ github.sha }}\n` } },
  ],
  invalid: [
    {
      name: 'block scalar run and github-script',
      files: { [FILE]: `${head}      - run: |\n          echo start\n          echo "\${{ github.event.pull_request.title }}"\n      - uses: actions/github-script@${SHA} # v7\n        with:\n          script: console.log("\${{ github.head_ref }}")\n` },
      errors: [{ file: FILE, line: 9 }, { file: FILE, line: 12 }],
    },
  ],
})
