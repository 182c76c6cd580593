import fsp from 'node:fs/promises'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { execa } from 'execa'
import { parse as parseYaml } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import { runConform } from '../../src/conform/index.js'
import { generateProject } from '../../src/generate/index.js'
import { readTree, testdir } from '../helpers/testdir.js'
import { promoteProblems, workflowSteps } from './workflows.js'
import { PYTHON, canRun, handlebarsLeftovers, hasShellcheck, hasYamllint, jsonProblems, requireTools, runYamllint, secretProblems, shellcheckWorkflows, workflowProblems } from './quality-checks.js'

// The quality bar of the python-llm template (issue 6): what it renders passes its own tests, evals
// and red team with Debian's python3 + pytest + numpy and no network; workflows, YAML and shell lint.
const hasPython = canRun(PYTHON, ['-c', 'import numpy, pytest'])
const pinned = (kind: string): string => `registry.example/opsmith/python-${kind}@sha256:${'0'.repeat(64)}`

async function render(answers: Record<string, unknown>): Promise<{ dir: string; tree: Record<string, string> }> {
  const cwd = await testdir()
  const flags = { baseImage: pinned('runtime'), devImage: pinned('dev') }
  await generateProject({ cwd, targetDir: 'my-assistant', template: 'python-llm', answers, useDefaults: true, git: true, flags })
  const dir = path.join(cwd, 'my-assistant')
  return { dir, tree: await readTree(dir) }
}

const readJson = async (file: string): Promise<Record<string, unknown>> => JSON.parse(await fsp.readFile(file, 'utf8')) as Record<string, unknown>

describe.each([
  { serving: true, provider: 'openai-compatible', apiKeySecret: 'OPENAI_API_KEY' },
  { serving: false, provider: 'offline', apiKeySecret: 'LLM_GATEWAY_KEY' },
])('python-llm template (serving: $serving, provider: $provider)', ({ serving, provider, apiKeySecret }) => {
  let dir = ''
  let tree: Record<string, string> = {}
  beforeAll(async () => {
    ;({ dir, tree } = await render({ serving, provider, apiKeySecret, description: "The docs team's assistant." }))
  })

  it('has the contract paths, serving code only when serving, and no release yet', () => {
    const files = Object.keys(tree)
    for (const required of [
      '.github/workflows/ci.yml', '.github/workflows/security.yml', '.github/workflows/eval-live.yml',
      '.github/workflows/drift.yml', '.github/workflows/conform.yml', '.github/workflows/promote.yml',
      '.github/workflows/retrain.yml', 'Dockerfile', '.dockerignore',
      '.devcontainer/devcontainer.json', 'Makefile', 'pyproject.toml', '.env.example', '.gitignore',
      'config/llm.yaml', 'config/eval.yaml', 'config/drift.yaml', 'config/drift.schema.json', 'evals/qa.jsonl',
      'prompts/registry.yaml', 'prompts/docs-qa/1.0.0.md', 'models/registry.yaml', 'models/model.schema.json',
      'src/my_assistant/settings.py', 'src/my_assistant/chunking.py', 'src/my_assistant/providers.py',
      'src/my_assistant/drift.py', 'tests/redteam/test_jailbreaks.py', 'tests/redteam/test_pii.py',
    ]) {
      expect(files).toContain(required)
    }
    expect(files.filter((file) => file.startsWith('docs/') && file.endsWith('.md')).length).toBeGreaterThan(1)
    expect(files.includes('src/my_assistant/serve.py')).toBe(serving)
    expect(files.filter((file) => /^models\/[^/]+\/\d/.test(file))).toEqual([])
    const manifest = JSON.parse(tree['.opsmith.json'] as string) as { template: { id: string } }
    expect(manifest.template.id).toBe('python-llm')
  })

  it('follows the layout contract in its configs, prompts and eval set', () => {
    const llm = parseYaml(tree['config/llm.yaml'] as string) as Record<string, unknown>
    expect(llm).toMatchObject({ version: 1, provider, api_key_secret: apiKeySecret, embedding: { kind: 'hashed-ngrams', dimensions: 512 } })
    expect(Object.keys(llm.pricing as object)).toContain(llm.model)
    expect(parseYaml(tree['config/eval.yaml'] as string)).toMatchObject({
      version: 1, eval_set: 'evals/qa.jsonl',
      thresholds: { fact_recall: 0.8, citation_correctness: 0.9, refusal_accuracy: 0.9, latency_p95_ms: 2000 },
      budget: { max_cost_usd_per_run: 1.0, max_cost_usd_per_query: 0.01 },
    })
    expect(parseYaml(tree['prompts/registry.yaml'] as string)).toEqual({ prompts: { 'docs-qa': { aliases: { production: '1.0.0' }, deprecated: [] } } })
    const front = /^---\n([\s\S]*?)\n---\n/.exec(tree['prompts/docs-qa/1.0.0.md'] as string)?.[1] ?? ''
    expect(parseYaml(front)).toMatchObject({ id: 'docs-qa', version: '1.0.0', variables: ['context', 'question'] })
    const rows = (tree['evals/qa.jsonl'] as string).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['expected_facts', 'id', 'question', 'source'])
    expect(rows.some((row) => row.source === null)).toBe(true)
    expect(tree['.env.example']).toContain(`${apiKeySecret}=\n`)
  })

  it('leaves no handlebars expression behind (GitHub ${{ }} excepted) and writes no secret-like string', async () => {
    // The injection sets are attack data: a template-injection attack may carry a literal {{ on purpose.
    expect(handlebarsLeftovers(tree).filter((file) => !/^evals\/injection_\w+\.jsonl$/.test(file))).toEqual([])
    expect(tree['.github/workflows/eval-live.yml']).toContain(`\${{ secrets.${apiKeySecret} }}`)
    expect(await secretProblems(tree)).toEqual([])
  })

  it('parses every JSON file; model.schema.json is strict draft 2020-12 with the llm block', () => {
    expect(jsonProblems(tree)).toEqual([])
    const schema = JSON.parse(tree['models/model.schema.json'] as string) as { additionalProperties: boolean; properties: { llm: { required: string[] } } }
    expect(schema.additionalProperties).toBe(false)
    expect(schema.properties.llm.required).toEqual(['base_model', 'prompts', 'eval_set'])
    expect(new Ajv2020({ strict: false }).validateSchema(schema)).toBe(true)
  })

  it('workflows pass actionlint and the pinning / permission policy, with the contract jobs', async () => {
    expect(await workflowProblems(tree)).toEqual([])
    const jobs = (file: string): string[] => Object.keys((parseYaml(tree[file] as string) as { jobs: object }).jobs)
    expect(jobs('.github/workflows/ci.yml')).toEqual(['lint', 'typecheck', 'test', 'redteam', 'eval', 'image'])
    expect(jobs('.github/workflows/security.yml')).toEqual(['secret-scan', 'sast', 'dependency-audit', 'dockerfile-lint', 'config-scan'])
    expect(jobs('.github/workflows/drift.yml')).toEqual(['drift', 'alert', 'retrain'])
    expect(jobs('.github/workflows/promote.yml')).toEqual(['promote'])
    expect(promoteProblems(tree['.github/workflows/promote.yml'] as string)).toEqual([])
    expect(jobs('.github/workflows/retrain.yml')).toEqual(['retrain'])
    expect(tree['.github/workflows/retrain.yml']).toContain(`\${{ secrets.${apiKeySecret} }}`)
    expect(jobs('.github/workflows/conform.yml')).toEqual(['conform'])
    const runs = workflowSteps(tree['.github/workflows/ci.yml'] as string).map((step) => step.run ?? '')
    expect(runs).toEqual(expect.arrayContaining(['make lint', 'make typecheck', 'make test', 'make redteam', 'make eval PROVIDER=offline']))
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

  describe.skipIf(!hasPython && !requireTools)(`with Debian's python3${hasPython ? '' : ' (skipped: python3-numpy or python3-pytest missing)'}`, () => {
    it('passes its own pytest suite offline', { timeout: 300_000 }, async () => {
      const result = await execa(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: dir, reject: false })
      expect(result.exitCode, result.stdout + result.stderr).toBe(0)
      expect(result.stdout).toMatch(/\d+ passed/)
    })

    it('runs make eval redteam drift, then index release drift, and still conforms', { timeout: 300_000 }, async () => {
      const work = await testdir()
      await fsp.cp(dir, work, { recursive: true })
      await execa('make', ['eval', 'redteam', 'drift', `PYTHON=${PYTHON}`], { cwd: work })
      const evalReport = await readJson(path.join(work, 'reports/eval/report.json'))
      expect(evalReport).toMatchObject({ status: 'pass', provider: 'offline', prompt: { id: 'docs-qa', version: '1.0.0' } })
      await execa('make', ['index', 'release', 'drift', `PYTHON=${PYTHON}`], { cwd: work })
      expect((await fsp.readdir(path.join(work, 'index'))).sort()).toEqual(['index.json', 'vectors.npy'])
      const versionDir = path.join(work, 'models/assistant/0.1.0')
      expect((await fsp.readdir(versionDir)).sort()).toEqual(['MODEL_CARD.md', 'model.json', 'reference_profile.json'])
      const ajv = new Ajv2020({ strict: false, allErrors: true })
      addFormats.default(ajv)
      const validate = ajv.compile(JSON.parse(tree['models/model.schema.json'] as string) as object)
      const record = await readJson(path.join(versionDir, 'model.json'))
      expect(validate(record), JSON.stringify(validate.errors)).toBe(true)
      expect(record.llm).toMatchObject({ prompts: [{ id: 'docs-qa', version: '1.0.0' }], eval_set: { path: 'evals/qa.jsonl' } })
      const drift = await readJson(path.join(work, 'reports/drift/report.json'))
      expect(drift).toMatchObject({ schema_version: 1, status: 'insufficient_data', model: 'assistant', version: '0.1.0' })
      const conform = await runConform({ dir: work })
      expect(conform.findings.map((f) => `${f.file ?? ''}:${f.line ?? ''} ${f.rule} ${f.message}`)).toEqual([])

      // A new prompt version, released as 0.2.0, promoted with its prompt, then rolled back.
      const prompt = await fsp.readFile(path.join(work, 'prompts/docs-qa/1.0.0.md'), 'utf8')
      await fsp.writeFile(path.join(work, 'prompts/docs-qa/1.1.0.md'), prompt.replace('version: 1.0.0', 'version: 1.1.0'))
      await execa('make', ['release', 'PROMPT=1.1.0', `PYTHON=${PYTHON}`], { cwd: work })
      const refused = await execa('make', ['promote', `PYTHON=${PYTHON}`], { cwd: work, env: { VERSION: '9.9.9' }, reject: false })
      expect(refused.exitCode).not.toBe(0)
      expect(refused.stderr).toContain('error: models/assistant/9.9.9 does not exist')
      const promoted = await execa('make', ['promote', `PYTHON=${PYTHON}`], { cwd: work, env: { VERSION: '0.2.0', REASON: 'clearer answers' } })
      expect(promoted.stdout).toContain('assistant: champion 0.1.0 -> 0.2.0 (promote by')
      expect(parseYaml(await fsp.readFile(path.join(work, 'prompts/registry.yaml'), 'utf8'))).toMatchObject({ prompts: { 'docs-qa': { aliases: { production: '1.1.0' } } } })
      const rolledBack = await execa('make', ['rollback', `PYTHON=${PYTHON}`], { cwd: work, env: { REASON: 'regression' } })
      expect(rolledBack.stdout).toContain('assistant: champion 0.2.0 -> 0.1.0 (rollback by')
      const registry = parseYaml(await fsp.readFile(path.join(work, 'models/registry.yaml'), 'utf8')) as { models: { assistant: { aliases: object; history: { action: string; reason: string }[] } } }
      expect(registry.models.assistant.aliases).toEqual({ champion: '0.1.0' })
      expect(registry.models.assistant.history.map((entry) => [entry.action, entry.reason])).toEqual([['promote', 'clearer answers'], ['rollback', 'regression']])
    })
  })
})
