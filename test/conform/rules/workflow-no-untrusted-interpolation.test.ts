import { describe, expect, it } from 'vitest'
import rule, { untrustedContexts } from '../../../src/conform/rules/workflow-no-untrusted-interpolation.js'
import { SHA, ruleTester } from '../helpers.js'

const FILE = '.github/workflows/triage.yml'
const head = 'on: issues\npermissions: {}\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n'

ruleTester(rule, {
  valid: [
    { name: 'through env', files: { [FILE]: `${head}      - env:\n          TITLE: \${{ github.event.issue.title }}\n        run: echo "$TITLE" \${{ github.event_name }} \${{ github.sha }}\n` } },
    {
      // What real workflows interpolate every day and no contributor can shape.
      name: 'numbers, SHAs, booleans, logins and what only writers set',
      files: {
        [FILE]: `${head}      - run: gh pr comment \${{ github.event.pull_request.number }} --repo \${{ github.event.repository.full_name }}\n` +
          '      - run: git diff ${{ github.event.before }} ${{ github.event.after }} ${{ github.event.pull_request.head.sha }}\n' +
          '      - run: echo ${{ github.event.action }} ${{ github.event.pull_request.merged }} ${{ github.event.number }} ${{ github.event.commits[0].id }}\n' +
          '      - run: git fetch origin ${{ github.event.pull_request.base.ref }} && echo ${{ github.event.sender.login }} ${{ github.event.issue.html_url }}\n',
      },
    },
  ],
  invalid: [
    {
      name: 'block scalar run and github-script',
      files: { [FILE]: `${head}      - run: |\n          echo start\n          echo "\${{ github.event.pull_request.title }}"\n      - uses: actions/github-script@${SHA} # v7\n        with:\n          script: console.log("\${{ github.head_ref }}")\n` },
      errors: [
        { file: FILE, line: 9, column: 17, message: /e\.g\. `PULL_REQUEST_TITLE: \$\{\{ github\.event\.pull_request\.title \}\}`\) and use `"\$PULL_REQUEST_TITLE"`/ },
        { file: FILE, line: 12, column: 32, message: /github-script .* `HEAD_REF: \$\{\{ github\.head_ref \}\}`\) and use `process\.env\.HEAD_REF`/ },
      ],
    },
    {
      name: 'branch names, dispatch inputs whatever their key, the whole event, label names',
      files: {
        [FILE]: `${head}      - run: echo "\${{ github.event.pull_request.head.ref }}" \${{ github.event.inputs.number }}\n` +
          '      - run: echo \'${{ toJSON(github.event) }}\' ${{ github.event.pull_request.labels[0].name }}\n',
      },
      errors: [
        { file: FILE, line: 7, column: 20, message: /HEAD_REF: / },
        { file: FILE, line: 7, column: 63, message: /INPUTS_NUMBER: / },
        { file: FILE, line: 8, column: 20, message: /EVENT: / },
        { file: FILE, line: 8, column: 49, message: /LABELS_NAME: / },
      ],
    },
  ],
})

describe('untrustedContexts', () => {
  it.each([
    ['${{ github.event.issue.title }}', ['github.event.issue.title']],
    ['${{ github.event.pull_request.number || github.event.issue.body }}', ['github.event.issue.body']],
    ['${{ github . event . comment . body }}', ['github.event.comment.body']],
    ['${{ github.event.head_commit.author.email }}', ['github.event.head_commit.author.email']],
    ['${{ github.event.client_payload.sha }}', ['github.event.client_payload.sha']],
    ['${{ github.event.pull_request.head.repo.default_branch }}', ['github.event.pull_request.head.repo.default_branch']],
    ['${{ github.event.repository.default_branch }}', []],
    ['${{ github.event_name }}', []],
    ['${{ github.event.workflow_run.head_sha }}', []],
  ])('%s', (expression, expected) => {
    expect(untrustedContexts(expression)).toEqual(expected)
  })
})
