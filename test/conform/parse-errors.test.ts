import { describe, expect, it } from 'vitest'
import { runConform } from '../../src/conform/index.js'
import { testdir } from './helpers.js'

const WORKFLOW = '.github/workflows/ci.yml'
const where = (findings: Array<{ rule: string; file?: string; line?: number; column?: number }>, rule: string) =>
  findings.filter((finding) => finding.rule === rule).map(({ file, line, column }) => ({ file, line, column }))

// Parse errors point at the parser's line and column; an unparseable workflow is reported once, whichever workflow rules run.
describe('YAML parse errors', () => {
  it.each([
    ['a block sequence used as a key', 'on: push\njobs:\n  a:\n    steps:\n  - run: echo\n', ['workflow-permissions'], { line: 4, column: 11 }],
    // At the end of input: the end of the last line, not a line the file does not have.
    ['a flow map left open, only the pinning rule running', 'on: push\njobs:\n  a: {\n    runs-on: x\n', ['workflow-actions-pinned'], { line: 4, column: 15 }],
    ['a bad indentation with every workflow rule', 'on: push\njobs:\n  a:\n    steps:\n  - run: echo\n', undefined, { line: 4, column: 11 }],
  ])('workflow: %s', async (_name, text, rules, at) => {
    const result = await runConform({ dir: await testdir({ [WORKFLOW]: text }), rules, profiles: ['base'] })
    expect(where(result.findings, 'parse-error')).toEqual([{ file: WORKFLOW, ...at }])
    expect(result.findings.find((finding) => finding.rule === 'parse-error')?.message).toMatch(/^\.github\/workflows\/ci\.yml does not parse \(.+[^:]\): fix it/)
  })

  it.each([
    ['models/registry.yaml', 'models-registry-aliases', 'models:\n  a: [1, 2\n  b: 3\n', { line: 3, column: 3 }],
    ['config/drift.yaml', 'drift-config-valid', 'model: a\nthresholds: [\n', { line: 3, column: 1 }],
  ])('%s (reported by %s)', async (file, rule, text, at) => {
    const result = await runConform({ dir: await testdir({ [file]: text, 'src/app/drift.py': '' }), rules: [rule] })
    expect(where(result.findings, rule).filter((finding) => finding.file === file)).toEqual([{ file, ...at }])
  })

  it('an alias bomb is a parse error at the top of the file, not a crash', async () => {
    const bomb = `on: push\npermissions: {}\n${['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((key, index) => `${key}: &${key} [${Array(9).fill(`*${'abcdefghi'[index]}`).join(', ')}]`)].join('\n')}\n`
    const result = await runConform({ dir: await testdir({ [WORKFLOW]: bomb }), rules: ['workflow-permissions'] })
    expect(result.findings.map((finding) => [finding.rule, finding.line])).toEqual([['parse-error', 1]])
  })

  it('a workflow that parses gets no parse-error', async () => {
    const result = await runConform({ dir: await testdir({ [WORKFLOW]: 'on: push\npermissions: {}\njobs: {}\n' }), rules: ['workflow-permissions'] })
    expect(where(result.findings, 'parse-error')).toEqual([])
  })
})
