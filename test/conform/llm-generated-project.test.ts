import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { generateProject } from '../../src/generate/index.js'
import { runConform } from '../../src/conform/index.js'

const PINNED = (name: string, hex: string) => `localhost/opsmith-test/python:3.11-${name}@sha256:${hex.repeat(64)}`
const ANSWERS = { projectName: 'my-assistant', baseImage: PINNED('runtime', 'a'), devImage: PINNED('dev', 'b') }
const PROMPT = 'prompts/docs-qa/1.0.0.md'

async function generate(answers: Record<string, unknown> = {}): Promise<string> {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'opsmith-conform-llm-'))
  const targetDir = path.join(parent, 'my-assistant')
  await generateProject({ targetDir, template: 'python-llm', answers: { ...ANSWERS, ...answers }, useDefaults: true, git: true })
  return targetDir
}

const describeFindings = (findings: Array<{ rule: string; file?: string; line?: number; message: string }>) =>
  findings.map((finding) => `${finding.file ?? ''}:${finding.line ?? ''} ${finding.rule} ${finding.message}`)

async function edit(dir: string, file: string, change: (text: string) => string): Promise<void> {
  const text = await readFile(path.join(dir, file), 'utf8')
  const changed = change(text)
  if (changed === text) throw new Error(`The mutation of ${file} matched nothing: the template changed, update this test.`)
  await writeFile(path.join(dir, file), changed)
}

// One mutation per llm-* rule that conform must catch: [rule, change].
const MUTATIONS: Array<[string, (dir: string) => Promise<void>]> = [
  ['llm-prompts-versioned', (dir) => appendFile(path.join(dir, PROMPT), '\nAnswer for {audience}.\n')],
  ['llm-prompts-released-unchanged', async (dir) => {
    await execa('git', ['tag', 'prompts/docs-qa@v1.0.0'], { cwd: dir })
    await edit(dir, PROMPT, (text) => text.replace('temperature: 0', 'temperature: 0.7'))
  }],
  ['llm-eval-configured', (dir) => edit(dir, 'evals/qa.jsonl', (text) => text.split('\n').filter((line) => !/"source":\s*null/.test(line)).join('\n'))],
  ['llm-cost-budget', (dir) => edit(dir, 'config/eval.yaml', (text) => text.replace(/max_cost_usd_per_run: [\d.]+/, 'max_cost_usd_per_run: 0'))],
  ['llm-no-inline-keys', (dir) => edit(dir, 'config/llm.yaml', (text) => text.replace(/^api_key_secret: .*$/m, 'api_key: my-inline-key-1234'))],
  ['llm-redteam-in-ci', (dir) => edit(dir, '.github/workflows/ci.yml', (text) => {
    const workflow = parseDocument(text)
    workflow.deleteIn(['jobs', 'redteam'])
    return workflow.toString()
  })],
]

describe('a freshly generated python-llm project', () => {
  const combinations = [
    { provider: 'openai-compatible', serving: true },
    { provider: 'offline', serving: false },
  ]
  it.each(combinations)('conforms with provider $provider, serving $serving', async (answers) => {
    const dir = await generate(answers)
    const result = await runConform({ dir })
    expect(describeFindings(result.findings.filter((finding) => finding.rule.startsWith('llm-')))).toEqual([])
    expect(describeFindings(result.findings.filter((finding) => finding.severity === 'error'))).toEqual([])
  }, 120_000)

  it.each(MUTATIONS)('catches a mutation for %s', async (rule, mutate) => {
    const dir = await generate()
    await mutate(dir)
    const result = await runConform({ dir })
    expect(result.findings.filter((finding) => finding.rule === rule).length).toBeGreaterThan(0)
    expect(result.summary.errors).toBeGreaterThan(0)
  }, 120_000)
})

describe('llm-* rules leave a freshly generated python-ml project alone', () => {
  it('reports no llm-* finding', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'opsmith-conform-llm-'))
    const targetDir = path.join(parent, 'my-model')
    await generateProject({ targetDir, template: 'python-ml', answers: { ...ANSWERS, projectName: 'my-model' }, useDefaults: true, git: true })
    const result = await runConform({ dir: targetDir })
    expect(describeFindings(result.findings.filter((finding) => finding.rule.startsWith('llm-')))).toEqual([])
  }, 120_000)
})
