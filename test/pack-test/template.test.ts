import fsp from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateProject } from '../../src/generate/index.js'
import { testPack } from '../../src/pack-test/test-pack.js'
import { buildAnswerMatrix } from '../../src/pack-test/matrix.js'
import { testdir } from '../helpers/testdir.js'

async function initPack(): Promise<string> {
  const cwd = await testdir()
  await generateProject({ cwd, targetDir: 'acme-pack', template: 'opsmith-pack', useDefaults: true, git: false })
  return path.join(cwd, 'acme-pack')
}

describe('opsmith template init + test', () => {
  it('scaffolds a pack whose every answer set conforms', async () => {
    const pack = await initPack()
    const report = await testPack({ packDir: pack })
    expect(report.results.map((result) => [result.set.name, result.ok])).toEqual([
      ['defaults', true],
      ['license=MIT', true],
      ['license=proprietary', true],
    ])
  }, 120_000)

  it('fails naming the answer set that broke', async () => {
    const pack = await initPack()
    // Only the MIT variant renders an unpinned action: the matrix must single it out.
    const workflow = path.join(pack, 'templates/project/.github/workflows/ci.yml.hbs')
    const text = await fsp.readFile(workflow, 'utf8')
    // A pack of data has no custom helpers: the action's `data` maps the choice, `lookup` (built in) reads it.
    await fsp.writeFile(workflow, `${text}      - uses: actions/setup-node{{#if (lookup unpinned license)}}@v4{{else}}@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0{{/if}}\n`)
    const generators = path.join(pack, 'generators.yaml')
    await fsp.writeFile(generators, (await fsp.readFile(generators, 'utf8')).replace('globOptions: { dot: true }', 'globOptions: { dot: true }\n        data: { unpinned: { MIT: true } }'))
    const report = await testPack({ packDir: pack })
    const failed = report.results.filter((result) => !result.ok)
    expect(failed.map((result) => result.set.name)).toEqual(['license=MIT'])
    expect(failed[0]?.errors.map((finding) => finding.rule)).toContain('workflow-actions-pinned')
  }, 120_000)
})

describe('buildAnswerMatrix', () => {
  it('takes defaults, every other choice, both booleans and declared edge values', () => {
    const sets = buildAnswerMatrix([
      { type: 'input', name: 'projectName', message: 'n', examples: ['a', 'a'.repeat(64)] },
      { type: 'list', name: 'license', message: 'l', choices: ['MIT', 'Apache-2.0'], default: 'MIT' },
      { type: 'confirm', name: 'serving', message: 's', default: true },
    ])
    expect(sets.map((set) => set.name)).toEqual(['defaults', `projectName=a`, `projectName=${'a'.repeat(64)}`, 'license=Apache-2.0', 'serving=false'])
    expect(sets[0]?.answers).toEqual({ projectName: 'sample-project', license: 'MIT', serving: true })
  })
})

describe('the built-in packs', () => {
  it.each(['python-ml', 'generators/python-llm'])('pass their own template test: %s', async (spec) => {
    const report = await testPack({ packDir: spec, cwd: path.resolve(import.meta.dirname, '../..') })
    expect(report.results.filter((result) => !result.ok).map((result) => result.set.name)).toEqual([])
    expect(report.results.length).toBeGreaterThan(3)
  }, 300_000)
})
