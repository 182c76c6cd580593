import type { Tree } from './helpers.js'

/** A prompt version file as the python-llm template writes it (line numbers below rely on this shape). */
export function promptFile(id: string, version: string, options: { variables?: string[]; body?: string; extra?: string } = {}): string {
  const variables = options.variables ?? ['question', 'context']
  const body = options.body ?? 'Answer {question} using only:\n\n{context}\n'
  // Line 1 `---`, 2 id, 3 version, 4 model, 5 parameters, 6 temperature, 7 variables, 8.. items.
  return `---\nid: ${id}\nversion: ${version}\nmodel: gpt-4o-mini\nparameters:\n  temperature: 0\nvariables:\n${variables.map((name) => `  - ${name}\n`).join('')}${options.extra ?? ''}---\n${body}`
}

export const PROMPT_REGISTRY = 'prompts:\n  answer:\n    aliases:\n      production: "1.0.0"\n    deprecated: []\n'

export const EVAL_YAML = [
  'version: 1',
  'eval_set: evals/qa.jsonl',
  'thresholds:',
  '  fact_recall: 0.8',
  '  citation_correctness: 0.9',
  '  refusal_accuracy: 0.9',
  '  latency_p95_ms: 2000',
  'budget:',
  '  max_cost_usd_per_run: 1.0',
  '  max_cost_usd_per_query: 0.01',
  '',
].join('\n')

export const LLM_YAML = [
  'version: 1',
  'provider: openai-compatible',
  'model: gpt-4o-mini',
  'api_base_url: https://api.openai.com/v1',
  'api_key_secret: OPENAI_API_KEY',
  'embedding: { kind: hashed-ngrams, dimensions: 512 }',
  'chunking: { unit: tokens, size: 200, overlap: 40 }',
  'pricing:',
  '  gpt-4o-mini:',
  '    input_per_1k_tokens_usd: 0.00015',
  '    output_per_1k_tokens_usd: 0.0006',
  '',
].join('\n')

export function evalLine(id: string, source: string | null, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ id, question: `Question ${id}?`, expected_facts: source ? ['a fact'] : [], source, ...overrides })
}

export const EVAL_SET = `${evalLine('q1', 'docs/install.md')}\n${evalLine('q2', null)}\n`

export const CI_YAML = [
  'name: ci',
  'on: [push, pull_request]',
  'jobs:',
  '  test:',
  '    runs-on: ubuntu-24.04',
  '    steps:',
  '      - run: make test',
  '  redteam:',
  '    runs-on: ubuntu-24.04',
  '    steps:',
  '      - run: make redteam',
  '',
].join('\n')

/** A complete, conforming LLM project as far as the llm-* rules look. */
export function llmProject(overrides: Tree = {}): Tree {
  return {
    'prompts/answer/1.0.0.md': promptFile('answer', '1.0.0'),
    'prompts/registry.yaml': PROMPT_REGISTRY,
    'config/eval.yaml': EVAL_YAML,
    'config/llm.yaml': LLM_YAML,
    'evals/qa.jsonl': EVAL_SET,
    'docs/install.md': '# Install\n',
    'tests/redteam/test_injection.py': 'def test_injection():\n    pass\n',
    '.github/workflows/ci.yml': CI_YAML,
    ...overrides,
  }
}

/** .opsmith.json of a python-llm project (so rules apply even before prompts exist). */
export const LLM_MANIFEST = JSON.stringify({ template: { id: 'python-llm', version: '0.1.0' }, opsmith: '0.1.0', answers: {}, files: {} })

/** The tree without the named files. */
export function without(tree: Tree, ...files: string[]): Tree {
  return Object.fromEntries(Object.entries(tree).filter(([file]) => !files.includes(file)))
}
