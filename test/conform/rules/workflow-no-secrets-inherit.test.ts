import rule from '../../../src/conform/rules/workflow-no-secrets-inherit.js'
import { SHA, ruleTester } from '../helpers.js'

const FILE = '.github/workflows/release.yml'

ruleTester(rule, {
  valid: [{ name: 'named secrets', files: { [FILE]: `on: push\njobs:\n  call:\n    uses: org/repo/.github/workflows/x.yml@${SHA} # v1\n    secrets:\n      token: \${{ secrets.TOKEN }}\n` } }],
  invalid: [{ name: 'inherit', files: { [FILE]: `on: push\njobs:\n  call:\n    uses: org/repo/.github/workflows/x.yml@${SHA} # v1\n    secrets: inherit\n` }, errors: [{ file: FILE, line: 5 }] }],
})
