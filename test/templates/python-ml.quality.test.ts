import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { execa } from 'execa'
import { parse as parseYaml } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import { runConform } from '../../src/conform/index.js'
import { addModelVersion, generateProject } from '../../src/generate/index.js'
import { readTree, testdir } from '../helpers/testdir.js'
import { promoteProblems, workflowSteps } from './workflows.js'
import { PYTHON, canRun, handlebarsLeftovers, hasShellcheck, hasYamllint, jsonProblems, requireTools, runYamllint, secretProblems, shellcheckWorkflows, workflowProblems } from './quality-checks.js'

// The quality bar of the python-ml template (issue 2): what it renders must pass its own tests with
// Debian's python3 packages and no network, and its workflows, YAML and shell must pass the linters.
const hasPython = canRun(PYTHON, ['-c', 'import numpy, sklearn, yaml, pytest'])

async function render(serving: boolean, license: string): Promise<{ dir: string; tree: Record<string, string> }> {
  const cwd = await testdir()
  // Images pinned explicitly: this tests the template, not the images' published digests.
  const answers = {
    projectName: 'my-model',
    serving,
    license,
    description: "A churn model's first version.",
    baseImage: `localhost/opsmith-test/python:3.11-runtime@sha256:${'a'.repeat(64)}`,
    devImage: `localhost/opsmith-test/python:3.11-dev@sha256:${'b'.repeat(64)}`,
  }
  await generateProject({ cwd, targetDir: 'my-model', template: 'python-ml', answers, useDefaults: true, git: false })
  const dir = path.join(cwd, 'my-model')
  return { dir, tree: await readTree(dir) }
}

describe.each([
  { serving: true, license: 'Apache-2.0' },
  { serving: false, license: 'MIT' },
])('python-ml template (serving: $serving, license: $license)', ({ serving, license }) => {
  let dir = ''
  let tree: Record<string, string> = {}
  beforeAll(async () => {
    ;({ dir, tree } = await render(serving, license))
  })

  it('has the contract paths, and serving code only when serving', () => {
    const files = Object.keys(tree)
    for (const required of [
      '.github/workflows/ci.yml', '.github/workflows/security.yml', '.github/workflows/drift.yml',
      '.github/workflows/conform.yml', '.github/workflows/promote.yml', '.github/workflows/retrain.yml', 'config/observability.yaml', 'Makefile', 'pyproject.toml', 'README.md', 'LICENSE', '.env.example',
      '.gitignore', '.pre-commit-config.yaml', '.gitleaks.toml', 'config/drift.yaml', 'config/drift.schema.json',
      'config/gates.yaml', 'models/registry.yaml', 'models/model.schema.json', 'src/my_model/settings.py',
      'src/my_model/data.py', 'src/my_model/train.py', 'src/my_model/drift.py', 'tests/test_drift.py',
    ]) {
      expect(files).toContain(required)
    }
    expect(files.includes('src/my_model/serve.py')).toBe(serving)
    expect(files.includes('tests/test_serve.py')).toBe(serving)
    expect(files.filter((file) => /^models\/[^/]+\/\d/.test(file))).toEqual([])
    expect(tree['Makefile']?.includes('serve:')).toBe(serving)
    expect(tree['LICENSE']).toContain(license === 'MIT' ? 'MIT License' : 'Apache License')
  })

  it('leaves no handlebars expression behind (GitHub ${{ }} excepted)', () => {
    expect(handlebarsLeftovers(tree)).toEqual([])
    expect(tree['.github/workflows/drift.yml']).toContain('${{ secrets.DRIFT_WEBHOOK_URL }}')
  })

  it('writes no secret-like string', async () => {
    expect(await secretProblems(tree)).toEqual([])
  })

  it('parses every JSON file, and model.schema.json is a strict draft 2020-12 schema', () => {
    expect(jsonProblems(tree)).toEqual([])
    const schema = JSON.parse(tree['models/model.schema.json'] as string) as Record<string, unknown>
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.additionalProperties).toBe(false)
    expect(new Ajv2020({ strict: false }).validateSchema(schema)).toBe(true)
  })

  it('workflows pass actionlint and the pinning / permission policy', async () => {
    expect(await workflowProblems(tree)).toEqual([])
    const jobs = (file: string): string[] => Object.keys((parseYaml(tree[file] as string) as { jobs: object }).jobs)
    expect(jobs('.github/workflows/ci.yml')).toEqual(['lint', 'typecheck', 'test', 'image'])
    expect(jobs('.github/workflows/security.yml')).toEqual(['secret-scan', 'sast', 'dependency-audit', 'dockerfile-lint', 'config-scan'])
    expect(jobs('.github/workflows/drift.yml')).toEqual(['drift', 'alert', 'retrain'])
    expect(jobs('.github/workflows/promote.yml')).toEqual(['promote'])
    expect(promoteProblems(tree['.github/workflows/promote.yml'] as string)).toEqual([])
    expect(jobs('.github/workflows/retrain.yml')).toEqual(['retrain'])
    expect(jobs('.github/workflows/conform.yml')).toEqual(['conform'])
    const makeCalls = workflowSteps(tree['.github/workflows/ci.yml'] as string).map((step) => step.run ?? '')
    expect(makeCalls).toEqual(expect.arrayContaining(['make lint', 'make typecheck', 'make test']))
  })

  it('passes opsmith conform as generated', async () => {
    const result = await runConform({ dir })
    expect(result.findings.map((f) => `${f.file ?? ''}:${f.line ?? ''} ${f.rule} ${f.message}`)).toEqual([])
  })

  it.skipIf(!hasYamllint && !requireTools)('YAML passes yamllint (the project config, and relaxed)', async () => {
    await runYamllint(dir)
  })

  it.skipIf(!hasShellcheck && !requireTools)('shell in workflow run steps passes shellcheck', async () => {
    expect(await shellcheckWorkflows(tree)).toBeGreaterThan(5)
  })

  describe.skipIf(!hasPython && !requireTools)(`with Debian's python3${hasPython ? '' : ' (skipped: python3-sklearn etc. missing)'}`, () => {
    it('passes its own pytest suite', { timeout: 300_000 }, async () => {
      const result = await execa(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: dir, reject: false })
      expect(result.exitCode, result.stdout + result.stderr).toBe(0)
      expect(result.stdout).toMatch(/\d+ passed/)
    })

    it('runs make train evaluate drift end to end and writes a schema-valid version', { timeout: 300_000 }, async () => {
      const work = await testdir()
      await fsp.cp(dir, work, { recursive: true })
      await execa('make', ['train', 'evaluate', 'drift', `PYTHON=${PYTHON}`], { cwd: work })
      const versionDir = path.join(work, 'models/classifier/0.1.0')
      expect((await fsp.readdir(versionDir)).sort()).toEqual(['MODEL_CARD.md', 'model.json', 'reference_profile.json'])
      const ajv = new Ajv2020({ strict: false, allErrors: true })
      addFormats.default(ajv)
      const validate = ajv.compile(JSON.parse(tree['models/model.schema.json'] as string) as object)
      const record = JSON.parse(await fsp.readFile(path.join(versionDir, 'model.json'), 'utf8')) as Record<string, unknown>
      expect(validate(record), JSON.stringify(validate.errors)).toBe(true)
      expect(fs.existsSync(path.join(work, record.artifact ? (record.artifact as { path: string }).path : 'missing'))).toBe(true)
      expect(await fsp.readFile(path.join(work, 'models/registry.yaml'), 'utf8')).toMatch(/champion: 0\.1\.0/)
      const report = JSON.parse(await fsp.readFile(path.join(work, 'reports/drift/report.json'), 'utf8')) as { status: string }
      expect(['ok', 'warn']).toContain(report.status)

      // `opsmith add model` drafts 0.2.0; `make train` fills the draft in, keeping its description.
      const added = await addModelVersion({ projectDir: work, name: 'classifier', bump: 'minor' })
      expect(added.version).toBe('0.2.0')
      const draft = JSON.parse(await fsp.readFile(path.join(work, added.folder, 'model.json'), 'utf8')) as Record<string, unknown>
      expect(validate(draft), JSON.stringify(validate.errors)).toBe(true)
      expect(draft.lineage).toEqual({ parent_version: '0.1.0' })
      const card = await fsp.readFile(path.join(work, added.folder, 'MODEL_CARD.md'), 'utf8')
      expect(card).toMatch(license === 'MIT' ? /^---\nlicense: mit\n/ : /^---\nlicense: apache-2\.0\n/)
      await execa('make', ['train', `PYTHON=${PYTHON}`], { cwd: work })
      const trained = JSON.parse(await fsp.readFile(path.join(work, added.folder, 'model.json'), 'utf8')) as Record<string, unknown>
      expect(validate(trained), JSON.stringify(validate.errors)).toBe(true)
      expect(trained.description).toBe(draft.description)
      expect(trained.metrics).toBeDefined()
      const conform = await runConform({ dir: work })
      expect(conform.findings.map((f) => `${f.file ?? ''}:${f.line ?? ''} ${f.rule} ${f.message}`)).toEqual([])
    })
  })
})
