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

  // Before, every GitLab rule returned nothing for a pipeline that does not parse: the repository passed.
  it.each([[['gitlab-ci-pinned']], [undefined]])('.gitlab-ci.yml, rules %j: one parse-error at its line', async (rules) => {
    const result = await runConform({ dir: await testdir({ '.gitlab-ci.yml': 'test:\n  image: python:3\n    script: [pytest]\n' }), rules, profiles: ['base'] })
    expect(where(result.findings, 'parse-error')).toEqual([{ file: '.gitlab-ci.yml', line: 2, column: 10 }])
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

// The parsers (jsonc-parser, yaml, Ajv on a project's schema) recurse once per level: a hostile file of 50,000 `[`
// overflowed the stack, and four rules reported crashing ("a bug in opsmith"), or conform ended with an internal error.
describe('files nested deeper than the parsers follow', () => {
  const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`
  const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`

  it.each([
    [WORKFLOW, 'parse-error', `on: push\njobs: ${deep(50_000)}\n`, undefined],
    ['.devcontainer.json', 'parse-error', `{"image": "x", "a": ${deep(50_000)}}\n`, undefined],
    ['.devcontainer/devcontainer.json', 'parse-error', `{"image": "x", "a": ${deepObject(50_000)}}\n`, undefined],
    // A layout rule: run by name, as a pack would.
    ['config/drift.yaml', 'drift-config-valid', `model: a\nfeatures: ${deep(50_000)}\n`, ['drift-config-valid']],
  ])('%s is reported by %s as nested too deeply; no rule crashes', async (file, rule, text, rules) => {
    const result = await runConform({ dir: await testdir({ [file]: text, 'src/app/drift.py': '' }), rules })
    expect(result.findings.filter((finding) => finding.rule === 'rule-error')).toEqual([])
    const about = result.findings.filter((finding) => finding.file === file)
    expect(about.map((finding) => [finding.rule, finding.message.split(":")[0]])).toEqual([[rule, `${file} does not parse (nested too deeply to read)`]])
  })

  it("a project's model schema nested too deeply is named as such", async () => {
    const schema = `{"type": "object", "properties": {"owner": ${'{"items": '.repeat(20_000)}{}${'}'.repeat(20_000)}}}`
    const result = await runConform({ dir: await testdir({ 'models/model.schema.json': schema, 'models/churn/1.0.0/model.json': '{}' }), rules: ['models-metadata-valid'] })
    expect(result.findings.map((finding) => finding.message)).toContain('models/model.schema.json is not a usable JSON Schema (nested too deeply to read): fix it or restore it from the template.')
  })

  it('a .opsmith.json nested too deeply is a configuration error of one line', async () => {
    const dir = await testdir({ '.opsmith.json': `{"conform": {"x": ${deep(50_000)}}}\n` })
    await expect(runConform({ dir })).rejects.toMatchObject({ code: 'config', message: 'Invalid configuration: .opsmith.json is nested too deeply to read' })
  })
})
